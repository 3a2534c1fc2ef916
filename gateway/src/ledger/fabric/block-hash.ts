/**
 * Fabric's block hashes, without the protobuf classes (so offline proof checks need no Fabric libraries): the block
 * hash is SHA-256 over the ASN.1 DER encoding of SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING
 * data_hash } (protoutil.BlockHeaderBytes), which is what the next block's previous_hash holds; the data hash is
 * SHA-256 over the concatenated data entries (protoutil.ComputeBlockDataHash).
 */
import { createHash } from 'node:crypto';

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derTlv(tag: number, value: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);
}

/** DER INTEGER of a non-negative block number (minimal big-endian two's complement, as Go's asn1 with *big.Int). */
function derUnsignedInteger(value: bigint): Buffer {
  if (value < 0n) throw new RangeError('block number must not be negative');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return derTlv(0x02, bytes);
}

/** ASN.1 DER bytes of a block header, as Fabric's protoutil.BlockHeaderBytes. */
export function blockHeaderDer(number: bigint, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  return derTlv(0x30, Buffer.concat([derUnsignedInteger(number), derTlv(0x04, previousHash), derTlv(0x04, dataHash)]));
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
