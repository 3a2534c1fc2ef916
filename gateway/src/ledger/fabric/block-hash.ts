/**
 * Fabric's block hashes (pure TypeScript SHA-256, so the browser can load this module), without the protobuf classes (so offline proof checks need no Fabric libraries): the block
 * hash is SHA-256 over the ASN.1 DER encoding of SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING
 * data_hash } (protoutil.BlockHeaderBytes), which is what the next block's previous_hash holds; the data hash is
 * SHA-256 over the concatenated data entries (protoutil.ComputeBlockDataHash).
 */
import { DER_TAG, bytesToHex, derSequence, derTlv, derUnsignedInteger, sha256, sha256Concat } from '@dtl/chaincode/crypto';

/** ASN.1 DER bytes of a block header, as Fabric's protoutil.BlockHeaderBytes. */
export function blockHeaderDer(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  return Buffer.from(derSequence(derUnsignedInteger(number), derTlv(DER_TAG.OCTET_STRING, previousHash), derTlv(DER_TAG.OCTET_STRING, dataHash)));
}

/** Fabric's block hash: SHA-256 of the DER-encoded header, hex. */
export function blockHeaderHash(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): string {
  return bytesToHex(sha256(blockHeaderDer(number, previousHash, dataHash)));
}

/** SHA-256 over the concatenated transactions (the header's data_hash), to check a block's data against its header. */
export function blockDataHash(transactions: readonly Uint8Array[]): string {
  return bytesToHex(sha256Concat(transactions));
}
