/**
 * Fabric's block hashes, without the protobuf classes (so offline proof checks need no Fabric libraries): the block
 * hash is SHA-256 over the ASN.1 DER encoding of SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING
 * data_hash } (protoutil.BlockHeaderBytes), which is what the next block's previous_hash holds; the data hash is
 * SHA-256 over the concatenated data entries (protoutil.ComputeBlockDataHash).
 */
import { createHash } from 'node:crypto';
import { DER_TAG, derSequence, derTlv, derUnsignedInteger } from '@dtl/chaincode/crypto';

/** ASN.1 DER bytes of a block header, as Fabric's protoutil.BlockHeaderBytes. */
export function blockHeaderDer(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  return Buffer.from(derSequence(derUnsignedInteger(number), derTlv(DER_TAG.OCTET_STRING, previousHash), derTlv(DER_TAG.OCTET_STRING, dataHash)));
}

/** Fabric's block hash: SHA-256 of the DER-encoded header, hex. */
export function blockHeaderHash(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): string {
  return createHash('sha256').update(blockHeaderDer(number, previousHash, dataHash)).digest('hex');
}

/** SHA-256 over the concatenated transactions (the header's data_hash), to check a block's data against its header. */
export function blockDataHash(transactions: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const tx of transactions) hash.update(tx);
  return hash.digest('hex');
}
