/**
 * SM3 (GB/T 32905-2016) in pure TypeScript, so the browser explorer can hash; on Node the native OpenSSL `sm3`
 * is used for longer inputs where it is faster (sm3.test.ts checks that both always agree).
 */
import { bytesToHex, utf8Encode } from './bytes';

const IV = new Uint32Array([0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e]);

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

/** T_j rotated left by j mod 32, precomputed for the 64 rounds. */
const T_ROTATED = new Int32Array(64);
for (let j = 0; j < 64; j++) T_ROTATED[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32);

const W = new Int32Array(68);
const W1 = new Int32Array(64);

function compress(state: Int32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    W[i] = (block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!;
  }
  for (let j = 16; j < 68; j++) {
    const x = W[j - 16]! ^ W[j - 9]! ^ rotl(W[j - 3]!, 15);
    W[j] = (x ^ rotl(x, 15) ^ rotl(x, 23)) ^ rotl(W[j - 13]!, 7) ^ W[j - 6]!;
  }
  for (let j = 0; j < 64; j++) W1[j] = W[j]! ^ W[j + 4]!;

  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let j = 0; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + T_ROTATED[j]!) | 0, 7);
    const ss2 = ss1 ^ a12;
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
    const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
    const tt1 = (ff + d + ss2 + W1[j]!) | 0;
    const tt2 = (gg + h + ss1 + W[j]!) | 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  state[0]! ^= a; state[1]! ^= b; state[2]! ^= c; state[3]! ^= d;
  state[4]! ^= e; state[5]! ^= f; state[6]! ^= g; state[7]! ^= h;
}

/** Incremental SM3: update() any number of times, then digest() once. */
export class Sm3Hasher {
  private readonly state = new Int32Array(IV);
  private readonly buffer = new Uint8Array(64);
  private buffered = 0;
  private length = 0;
  private finished = false;

  update(data: Uint8Array): this {
    if (this.finished) throw new Error('Sm3Hasher: update after digest');
    this.length += data.length;
    let offset = 0;
    if (this.buffered > 0) {
      const take = Math.min(64 - this.buffered, data.length);
      this.buffer.set(data.subarray(0, take), this.buffered);
      this.buffered += take;
      offset = take;
      if (this.buffered < 64) return this;
      compress(this.state, this.buffer, 0);
      this.buffered = 0;
    }
    for (; offset + 64 <= data.length; offset += 64) compress(this.state, data, offset);
    if (offset < data.length) {
      this.buffer.set(data.subarray(offset), 0);
      this.buffered = data.length - offset;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.finished) throw new Error('Sm3Hasher: digest called twice');
    this.finished = true;
    const bitLength = this.length * 8;
    const tail = new Uint8Array(this.buffered + 9 <= 64 ? 64 : 128);
    tail.set(this.buffer.subarray(0, this.buffered), 0);
    tail[this.buffered] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bitLength / 0x100000000));
    view.setUint32(tail.length - 4, bitLength >>> 0);
    for (let o = 0; o < tail.length; o += 64) compress(this.state, tail, o);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(4 * i, this.state[i]! >>> 0);
    return out;
  }
}

/** SM3 in pure TypeScript (the browser path). */
export function sm3Pure(data: Uint8Array): Uint8Array {
  return new Sm3Hasher().update(data).digest();
}

type NativeSm3 = (data: Uint8Array) => Uint8Array;
let nativeSm3: NativeSm3 | null | undefined;

/** OpenSSL's SM3 through node:crypto when running on Node with SM3 available; null elsewhere (browsers). */
export function loadNativeSm3(): NativeSm3 | null {
  if (nativeSm3 !== undefined) return nativeSm3;
  nativeSm3 = null;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (isNode && typeof require === 'function') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, Node-only; browser bundles never reach it
      const nodeCrypto = require('node:crypto') as typeof import('node:crypto');
      if (nodeCrypto.getHashes().includes('sm3')) {
        nativeSm3 = (data) => new Uint8Array(nodeCrypto.createHash('sm3').update(data).digest());
      }
    } catch {
      nativeSm3 = null;
    }
  }
  return nativeSm3;
}

/** Below this size the pure implementation beats the cost of crossing into OpenSSL (measured by bench:crypto). */
const NATIVE_THRESHOLD = 256;

export function sm3(data: Uint8Array | string): Uint8Array {
  const bytes = typeof data === 'string' ? utf8Encode(data) : data;
  if (bytes.length >= NATIVE_THRESHOLD) {
    const native = loadNativeSm3();
    if (native) return native(bytes);
  }
  return sm3Pure(bytes);
}

export function sm3Hex(data: Uint8Array | string): string {
  return bytesToHex(sm3(data));
}

/** HMAC-SM3 (RFC 2104 with SM3, block size 64), used for deterministic nonces. */
export function hmacSm3(key: Uint8Array, ...messages: Uint8Array[]): Uint8Array {
  let k = key.length > 64 ? sm3Pure(key) : key;
  const block = new Uint8Array(64);
  block.set(k);
  k = block;
  const inner = new Sm3Hasher();
  const outer = new Sm3Hasher();
  const pad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) pad[i] = k[i]! ^ 0x36;
  inner.update(pad);
  for (const m of messages) inner.update(m);
  for (let i = 0; i < 64; i++) pad[i] = k[i]! ^ 0x5c;
  return outer.update(pad).update(inner.digest()).digest();
}
