/**
 * SM2 digital signatures (GB/T 32918.2-2016, GM/T 0003.2-2012) with Z_A (GB/T 32918.2 §5.5), on
 * @noble/curves' generic Weierstrass arithmetic. This is the standard scheme (e = SM3(Z_A || M),
 * r = (e + x1) mod n, s = (1 + d)^-1 (k - r d) mod n), not ECDSA over the SM2 curve, so signatures
 * interoperate with OpenSSL's `pkeyutl -digest sm3 -pkeyopt distid:…` in both directions.
 */
import { weierstrassN, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass';
import { Field, invert, mod } from '@noble/curves/abstract/modular';
import { CryptoError } from './errors';
import { bigIntToBytes, bytesToBigInt, bytesToHex, concatBytes, randomBytes, utf8Encode } from './bytes';
import { hmacSm3, Sm3Hasher } from './sm3';
import { readChildren, readSingle, readUnsignedInteger, sequence, TAG, unsignedInteger } from './der';
import { loadNativeSm2, type NativeKey } from './native';
import { sm2Pool } from './sm2-pool';

/** The default distinguishing identifier (GB/T 35276, GM/T 0009) that OpenSSL and most CAs use. */
export const DEFAULT_USER_ID = '1234567812345678';

type Point = WeierstrassPoint<bigint>;

/** A curve is a parameter object over noble's generic arithmetic (the recommended curve, or the standard's test curve). */
export interface Sm2Curve {
  readonly name: string;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly Gx: bigint;
  readonly Gy: bigint;
  readonly Point: WeierstrassPointCons<bigint>;
  /** Byte length of field elements and scalars. */
  readonly size: number;
  /** a, b, Gx, Gy as bytes: the constant prefix of Z_A after ENTL and the ID. */
  readonly zaConstant: Uint8Array;
}

export function defineSm2Curve(name: string, params: { p: bigint; a: bigint; b: bigint; n: bigint; Gx: bigint; Gy: bigint }): Sm2Curve {
  const Point = weierstrassN({ ...params, h: 1n }, { Fp: Field(params.p), Fn: Field(params.n) });
  const size = 32;
  Point.BASE.precompute(8, false);
  const zaConstant = concatBytes(
    bigIntToBytes(params.a, size),
    bigIntToBytes(params.b, size),
    bigIntToBytes(params.Gx, size),
    bigIntToBytes(params.Gy, size),
  );
  return { name, ...params, Point, size, zaConstant };
}

/** The SM2 recommended 256-bit curve (GB/T 32918.5-2017), OID 1.2.156.10197.1.301. */
export const SM2_P256 = defineSm2Curve('sm2p256v1', {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});

export interface Sm2Signature {
  readonly r: bigint;
  readonly s: bigint;
}

function userIdBytes(userId: string | Uint8Array): Uint8Array {
  const bytes = typeof userId === 'string' ? utf8Encode(userId) : userId;
  if (bytes.length * 8 > 0xffff) throw new CryptoError('INVALID_KEY', 'user ID longer than 8191 bytes');
  return bytes;
}

function pointBytes(curve: Sm2Curve, point: Point): Uint8Array {
  const { x, y } = point.toAffine();
  return concatBytes(bigIntToBytes(x, curve.size), bigIntToBytes(y, curve.size));
}

/** Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A). */
export function computeZa(curve: Sm2Curve, publicKey: Point, userId: string | Uint8Array = DEFAULT_USER_ID): Uint8Array {
  const id = userIdBytes(userId);
  const entl = id.length * 8;
  return new Sm3Hasher()
    .update(Uint8Array.of(entl >> 8, entl & 0xff))
    .update(id)
    .update(curve.zaConstant)
    .update(pointBytes(curve, publicKey))
    .digest();
}

function messageDigest(za: Uint8Array, message: Uint8Array): bigint {
  return bytesToBigInt(new Sm3Hasher().update(za).update(message).digest());
}

// ---------------------------------------------------------------------------------------------- keys

function privateScalar(curve: Sm2Curve, privateKey: Uint8Array): bigint {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== curve.size) {
    throw new CryptoError('INVALID_KEY', `private key must be ${curve.size} bytes`);
  }
  const d = bytesToBigInt(privateKey);
  // d = n - 1 is excluded by the standard because 1 + d must be invertible modulo n.
  if (d < 1n || d > curve.n - 2n) throw new CryptoError('INVALID_KEY', 'private key out of range [1, n-2]');
  return d;
}

/** Decodes an uncompressed (04||x||y) or compressed public key, checking it is on the curve and not infinity. */
export function decodePublicKey(curve: Sm2Curve, publicKey: Uint8Array): Point {
  if (!(publicKey instanceof Uint8Array) || (publicKey.length !== 2 * curve.size + 1 && publicKey.length !== curve.size + 1)) {
    throw new CryptoError('INVALID_KEY', `public key must be ${2 * curve.size + 1} bytes (04||x||y) or ${curve.size + 1} compressed`);
  }
  let point: Point;
  try {
    point = curve.Point.fromHex(publicKey);
    point.assertValidity();
  } catch (error) {
    throw new CryptoError('INVALID_KEY', `public key is not a point on ${curve.name}: ${(error as Error).message}`);
  }
  if (point.is0()) throw new CryptoError('INVALID_KEY', 'public key is the point at infinity');
  return point;
}

export function sm2PublicKeyFromPrivate(privateKey: Uint8Array, curve: Sm2Curve = SM2_P256): Uint8Array {
  return curve.Point.BASE.multiply(privateScalar(curve, privateKey)).toBytes(false);
}

export interface Sm2KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function sm2GenerateKeyPair(curve: Sm2Curve = SM2_P256): Sm2KeyPair {
  for (;;) {
    const candidate = randomBytes(curve.size);
    const d = bytesToBigInt(candidate);
    if (d >= 1n && d <= curve.n - 2n) return { privateKey: candidate, publicKey: sm2PublicKeyFromPrivate(candidate, curve) };
  }
}

// ---------------------------------------------------------------------------------------------- nonce

/**
 * Hedged deterministic k: RFC 6979 §3.2 HMAC-DRBG over HMAC-SM3, seeded with the private key, the message
 * digest and 32 fresh random bytes. A broken RNG cannot make k repeat for different messages, and a good RNG
 * makes k unpredictable even for the same message.
 */
function* nonces(curve: Sm2Curve, d: bigint, e: bigint, entropy: Uint8Array): Generator<bigint> {
  let v: Uint8Array = new Uint8Array(32).fill(1);
  let k: Uint8Array = new Uint8Array(32);
  const seed = concatBytes(bigIntToBytes(d, curve.size), bigIntToBytes(mod(e, curve.n), curve.size), entropy);
  k = hmacSm3(k, v, Uint8Array.of(0), seed);
  v = hmacSm3(k, v);
  k = hmacSm3(k, v, Uint8Array.of(1), seed);
  v = hmacSm3(k, v);
  for (;;) {
    v = hmacSm3(k, v);
    const candidate = bytesToBigInt(v);
    if (candidate >= 1n && candidate < curve.n) yield candidate;
    k = hmacSm3(k, v, Uint8Array.of(0));
    v = hmacSm3(k, v);
  }
}

// ---------------------------------------------------------------------------------------------- sign / verify

export interface Sm2SignOptions {
  readonly userId?: string | Uint8Array;
  readonly curve?: Sm2Curve;
  /** Known-answer tests only: use this k first (the standard's worked examples fix it). */
  readonly testK?: bigint;
  /** Extra entropy for the hedged nonce; fresh random bytes when omitted. */
  readonly entropy?: Uint8Array;
}

export function sm2SignRaw(message: Uint8Array, privateKey: Uint8Array, options: Sm2SignOptions = {}): Sm2Signature {
  const curve = options.curve ?? SM2_P256;
  const d = privateScalar(curve, privateKey);
  const { n } = curve;
  const publicPoint = curve.Point.BASE.multiply(d);
  const e = messageDigest(computeZa(curve, publicPoint, options.userId ?? DEFAULT_USER_ID), message);
  const dInv = invert(1n + d, n);
  const candidates = nonces(curve, d, e, options.entropy ?? randomBytes(32));
  for (let attempt = 0; attempt < 64; attempt++) {
    const k = attempt === 0 && options.testK !== undefined ? options.testK : (candidates.next().value as bigint);
    const x1 = curve.Point.BASE.multiply(k).toAffine().x;
    const r = mod(e + x1, n);
    if (r === 0n || r + k === n) continue;
    const s = mod(dInv * (k - r * d), n);
    if (s === 0n) continue;
    return { r, s };
  }
  throw new Error('SM2: no valid nonce after 64 attempts');
}

/** Per-key caches hold at most this many keys: the ledger verifies against a few hundred department keys. */
const KEY_CACHE_LIMIT = 1024;
const PRECOMPUTE_WINDOW = 4;

/** A per-key cache that forgets its oldest entry once it holds KEY_CACHE_LIMIT of them. */
function keyCache<T>(): (cacheKey: string, make: () => T) => T {
  const entries = new Map<string, T>();
  return (cacheKey, make) => {
    let value = entries.get(cacheKey);
    if (value === undefined) {
      value = make();
      if (entries.size >= KEY_CACHE_LIMIT) entries.delete(entries.keys().next().value as string);
      entries.set(cacheKey, value);
    }
    return value;
  };
}

/** Decoded public points with their precomputed multiples. */
const publicPoint = keyCache<Point>();

function cachedPublicPoint(curve: Sm2Curve, publicKey: Uint8Array): Point {
  return publicPoint(curve.name + ':' + bytesToHex(publicKey), () => decodePublicKey(curve, publicKey).precompute(PRECOMPUTE_WINDOW, false));
}

export interface Sm2VerifyOptions {
  readonly userId?: string | Uint8Array;
  readonly curve?: Sm2Curve;
}

/**
 * True when (r, s) is a valid SM2 signature of `message` by `publicKey` for `userId`. A malformed key throws
 * CryptoError INVALID_KEY; r or s outside [1, n-1] is simply not valid (false).
 */
export function sm2VerifyRaw(signature: Sm2Signature, message: Uint8Array, publicKey: Uint8Array, options: Sm2VerifyOptions = {}): boolean {
  const curve = options.curve ?? SM2_P256;
  const point = cachedPublicPoint(curve, publicKey);
  const { r, s } = signature;
  const { n } = curve;
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = mod(r + s, n);
  if (t === 0n) return false;
  const e = messageDigest(computeZa(curve, point, options.userId ?? DEFAULT_USER_ID), message);
  const sum = curve.Point.BASE.multiply(s).add(point.multiply(t));
  if (sum.is0()) return false;
  return mod(e + sum.toAffine().x, n) === r;
}

// ---------------------------------------------------------------------------------------------- encodings

/** DER: SEQUENCE { INTEGER r, INTEGER s }, as OpenSSL writes it. */
export function signatureToDer(signature: Sm2Signature): Uint8Array {
  return sequence(unsignedInteger(signature.r), unsignedInteger(signature.s));
}

/** Strict DER parse: exactly two minimal non-negative INTEGERs, no trailing bytes. Range is checked by verify. */
export function signatureFromDer(der: Uint8Array): Sm2Signature {
  if (!(der instanceof Uint8Array)) throw new CryptoError('INVALID_DER', 'signature must be bytes');
  if (der.length > 80) throw new CryptoError('INVALID_DER', `signature of ${der.length} bytes is too long for SM2`);
  const seq = readSingle(der, TAG.SEQUENCE, 'signature');
  const children = readChildren(seq.content);
  if (children.length !== 2) throw new CryptoError('INVALID_DER', `signature must hold 2 INTEGERs, found ${children.length}`);
  const r = readUnsignedInteger(children[0]!, 'signature r');
  const s = readUnsignedInteger(children[1]!, 'signature s');
  if (r.toString(16).length > 64 || s.toString(16).length > 64) throw new CryptoError('INVALID_DER', 'r or s longer than 256 bits');
  return { r, s };
}

/** Raw r||s, 32 bytes each (GM/T 0009's fixed-length form). */
export function signatureToRaw(signature: Sm2Signature): Uint8Array {
  return concatBytes(bigIntToBytes(signature.r, 32), bigIntToBytes(signature.s, 32));
}

export function signatureFromRaw(raw: Uint8Array): Sm2Signature {
  if (!(raw instanceof Uint8Array) || raw.length !== 64) throw new CryptoError('INVALID_SIGNATURE', 'raw signature must be 64 bytes (r||s)');
  return { r: bytesToBigInt(raw.subarray(0, 32)), s: bytesToBigInt(raw.subarray(32)) };
}

// ---------------------------------------------------------------------------------------------- byte-level API
//
// sm2Sign / sm2Verify use OpenSSL through the optional native accelerator when it is built (Node only), and the
// TypeScript implementation above otherwise. Both compute the same standard scheme; native.test.ts checks that
// signatures cross between them in both directions. Inputs are validated here first, so errors are the same.

/** Keys loaded into OpenSSL. */
const nativeKey = keyCache<NativeKey>();

/** SPKI and PKCS#8 DER for the native path (the same encodings pem.ts writes). */
const SM2_ALGORITHM_DER = Uint8Array.of(0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d);

function spkiDer(publicKey: Uint8Array): Uint8Array {
  return sequence(SM2_ALGORITHM_DER, concatBytes(Uint8Array.of(TAG.BIT_STRING, publicKey.length + 1, 0), publicKey));
}

function pkcs8Der(privateKey: Uint8Array): Uint8Array {
  const ecPrivateKey = sequence(Uint8Array.of(TAG.INTEGER, 1, 1), concatBytes(Uint8Array.of(TAG.OCTET_STRING, privateKey.length), privateKey));
  return sequence(Uint8Array.of(TAG.INTEGER, 1, 0), SM2_ALGORITHM_DER, concatBytes(Uint8Array.of(TAG.OCTET_STRING, ecPrivateKey.length), ecPrivateKey));
}

export function sm2Sign(message: Uint8Array, privateKey: Uint8Array, userId: string = DEFAULT_USER_ID): Uint8Array {
  const native = loadNativeSm2();
  if (!native) return signatureToDer(sm2SignRaw(message, privateKey, { userId }));
  privateScalar(SM2_P256, privateKey);
  const key = nativeKey('d:' + bytesToHex(privateKey), () => native.loadPrivateKey(pkcs8Der(privateKey)));
  return native.sign(key, userIdBytes(userId), message);
}

/**
 * sm2Sign, off the main thread where the SM2 pool exists (Node with the accelerator), synchronous elsewhere. The key
 * is checked here first, so a bad key gives the same typed error as sm2Sign.
 */
export async function sm2SignAsync(message: Uint8Array, privateKey: Uint8Array, userId: string = DEFAULT_USER_ID): Promise<Uint8Array> {
  const pool = sm2Pool();
  if (!pool) return sm2Sign(message, privateKey, userId);
  privateScalar(SM2_P256, privateKey);
  return pool.sign(cachedPkcs8(privateKey), userIdBytes(userId), message);
}

/** Verifies a DER signature; false for a wrong signature, CryptoError for malformed DER or key. */
export function sm2Verify(signatureDer: Uint8Array, message: Uint8Array, publicKey: Uint8Array, userId: string = DEFAULT_USER_ID): boolean {
  const signature = signatureFromDer(signatureDer);
  const native = loadNativeSm2();
  if (!native) return sm2VerifyRaw(signature, message, publicKey, { userId });
  const key = nativeKey('q:' + bytesToHex(publicKey), () => native.loadPublicKey(spkiDer(decodePublicKey(SM2_P256, publicKey).toBytes(false))));
  const { r, s } = signature;
  if (r < 1n || r >= SM2_P256.n || s < 1n || s >= SM2_P256.n) return false;
  return native.verify(key, userIdBytes(userId), message, signatureDer);
}

/**
 * sm2Verify, off the main thread where a verification pool exists (Node with the accelerator), synchronous
 * elsewhere. Same answers and the same typed errors: inputs are parsed and checked here before dispatch.
 */
export async function sm2VerifyAsync(signatureDer: Uint8Array, message: Uint8Array, publicKey: Uint8Array, userId: string = DEFAULT_USER_ID): Promise<boolean> {
  const pool = sm2Pool();
  if (!pool) return sm2Verify(signatureDer, message, publicKey, userId);
  const { r, s } = signatureFromDer(signatureDer);
  const spki = cachedSpki(publicKey);
  if (r < 1n || r >= SM2_P256.n || s < 1n || s >= SM2_P256.n) return false;
  return pool.verify(spki, userIdBytes(userId), message, signatureDer);
}

/** DER encodings of keys sent to the pool: the workers cache the keys they load by these bytes. */
const cachedEncoding = keyCache<Uint8Array>();

function cachedSpki(publicKey: Uint8Array): Uint8Array {
  return cachedEncoding('q:' + bytesToHex(publicKey), () => spkiDer(decodePublicKey(SM2_P256, publicKey).toBytes(false)));
}

function cachedPkcs8(privateKey: Uint8Array): Uint8Array {
  return cachedEncoding('d:' + bytesToHex(privateKey), () => pkcs8Der(privateKey));
}
