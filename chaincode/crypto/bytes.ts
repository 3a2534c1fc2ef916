import { CryptoError } from './errors';

const HEX_PAIR = /^(?:[0-9a-fA-F]{2})*$/;
const HEX_DIGITS = '0123456789abcdef';

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  }
  return out;
}

/** Parses even-length hex (either case). Anything else is INVALID_HEX. */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX_PAIR.test(hex)) {
    throw new CryptoError('INVALID_HEX', 'expected an even number of hexadecimal digits');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Fixed-length hex, e.g. a 32-byte private key: refuses any other length with the expected one named. */
export function hexToFixedBytes(hex: string, length: number, what: string): Uint8Array {
  const bytes = hexToBytes(hex);
  if (bytes.length !== length) {
    throw new CryptoError('INVALID_HEX', `${what} must be ${length} bytes (${2 * length} hex digits), got ${bytes.length}`);
  }
  return bytes;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + bytesToHex(bytes));
}

export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(2 * length, '0');
  if (hex.length > 2 * length) throw new RangeError(`integer does not fit in ${length} bytes`);
  return hexToBytes(hex);
}

type RandomSource = { getRandomValues<T extends ArrayBufferView>(array: T): T };
let randomSource: RandomSource | undefined;

function secureRandomSource(): RandomSource {
  if (randomSource) return randomSource;
  const web = (globalThis as { crypto?: RandomSource }).crypto;
  if (web && typeof web.getRandomValues === 'function') return (randomSource = web);
  // Node contexts without the global (e.g. some test sandboxes): the same Web Crypto from node:crypto.
  if (typeof require === 'function') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, Node-only; browser bundles never reach it
    return (randomSource = (require('node:crypto') as typeof import('node:crypto')).webcrypto as RandomSource);
  }
  throw new Error('no secure random source (Web Crypto) available');
}

/** Cryptographically secure random bytes from Web Crypto (Node and every browser), 64 KiB per call at most. */
export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  const source = secureRandomSource();
  for (let offset = 0; offset < length; offset += 65536) {
    source.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  }
  return out;
}
