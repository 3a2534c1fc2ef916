/** Minimal strict DER (X.690) reader and writer: just what SM2 signatures and SPKI / PKCS#8 keys need. */
import { CryptoError } from './errors';
import { bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from './bytes';

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  CONTEXT_0: 0xa0,
  CONTEXT_1: 0xa1,
} as const;

export interface DerNode {
  readonly tag: number;
  readonly content: Uint8Array;
}

const fail = (detail: string): never => {
  throw new CryptoError('INVALID_DER', detail);
};

/** Reads one TLV at `offset`; returns it and the offset after it. Only definite, minimal lengths are accepted. */
export function readTlv(input: Uint8Array, offset: number): { node: DerNode; next: number } {
  if (offset + 2 > input.length) fail('truncated: no tag and length');
  const tag = input[offset]!;
  if ((tag & 0x1f) === 0x1f) fail('high-tag-number form is not used here');
  let length = input[offset + 1]!;
  let pos = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) fail('indefinite length is not DER');
    if (count > 4) fail('length too large');
    if (pos + count > input.length) fail('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + input[pos + i]!;
    if (input[pos] === 0 || length < 0x80) fail('non-minimal length encoding');
    pos += count;
  }
  if (pos + length > input.length) fail('truncated: content shorter than its length');
  return { node: { tag, content: input.subarray(pos, pos + length) }, next: pos + length };
}

/** Parses exactly one TLV filling the whole input (no trailing bytes) with the expected tag. */
export function readSingle(input: Uint8Array, tag: number, what: string): DerNode {
  const { node, next } = readTlv(input, 0);
  if (node.tag !== tag) fail(`${what}: expected tag 0x${tag.toString(16)}, got 0x${node.tag.toString(16)}`);
  if (next !== input.length) fail(`${what}: ${input.length - next} trailing bytes`);
  return node;
}

/** The children of a constructed node's content, all of it consumed. */
export function readChildren(content: Uint8Array): DerNode[] {
  const children: DerNode[] = [];
  let offset = 0;
  while (offset < content.length) {
    const { node, next } = readTlv(content, offset);
    children.push(node);
    offset = next;
  }
  return children;
}

/** A non-negative INTEGER in minimal two's-complement form. */
export function readUnsignedInteger(node: DerNode, what: string): bigint {
  if (node.tag !== TAG.INTEGER) fail(`${what}: expected INTEGER`);
  const c = node.content;
  if (c.length === 0) fail(`${what}: empty INTEGER`);
  if (c[0]! & 0x80) fail(`${what}: negative INTEGER`);
  if (c.length > 1 && c[0] === 0 && !(c[1]! & 0x80)) fail(`${what}: non-minimal INTEGER`);
  return bytesToBigInt(c);
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag), encodeLength(content.length), content);
}

export function sequence(...children: Uint8Array[]): Uint8Array {
  return tlv(TAG.SEQUENCE, concatBytes(...children));
}

export function unsignedInteger(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError('negative INTEGER');
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  return tlv(TAG.INTEGER, hexToBytes(hex));
}

/** Encodes a dotted OID string. */
export function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map((p) => Number(p));
  const first = parts[0]!, second = parts[1]!;
  const bytes: number[] = [40 * first + second];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(TAG.OID, Uint8Array.from(bytes));
}

export function sameDer(node: DerNode, encoded: Uint8Array): boolean {
  return bytesToHex(tlv(node.tag, node.content)) === bytesToHex(encoded);
}
