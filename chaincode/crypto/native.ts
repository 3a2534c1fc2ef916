/**
 * Loader for the optional SM2 accelerator (native/sm2_native.c, OpenSSL via Node's own exported symbols).
 * Only on Node, only when built, and never when DTL_CRYPTO_NATIVE=0. Browsers never reach the require.
 */
export interface NativeKey {
  readonly __nativeKey: unique symbol;
}

export interface NativeSm2 {
  loadPublicKey(spkiDer: Uint8Array): NativeKey;
  loadPrivateKey(pkcs8Der: Uint8Array): NativeKey;
  verify(key: NativeKey, userId: Uint8Array, message: Uint8Array, signatureDer: Uint8Array): boolean;
  sign(key: NativeKey, userId: Uint8Array, message: Uint8Array): Uint8Array;
}

let loaded: NativeSm2 | null | undefined;
let loadedFrom: string | undefined;

export function loadNativeSm2(): NativeSm2 | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode || typeof require !== 'function' || process.env.DTL_CRYPTO_NATIVE === '0') return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, Node-only; browser bundles never reach it
  const path = require('node:path') as typeof import('node:path');
  // crypto/native.ts under ts-jest, dist/crypto/native.js when compiled, or a bundle elsewhere that keeps
  // node_modules external: the addon sits in <@dtl/chaincode>/native/build.
  const candidates = [path.join(__dirname, '..', 'native', 'build', 'sm2_native.node'), path.join(__dirname, '..', '..', 'native', 'build', 'sm2_native.node')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('@dtl/chaincode/package.json')), 'native', 'build', 'sm2_native.node'));
  } catch {
    // not installed as a package (e.g. a copy of the sources); the relative places are all there is
  }
  for (const candidate of candidates) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, Node-only; browser bundles never reach it
      loaded = require(candidate) as NativeSm2;
      loadedFrom = candidate;
      return loaded;
    } catch {
      // not built here; try the next place
    }
  }
  return loaded;
}

/** Which SM2 implementation sign/verify use in this process: "openssl" (native) or "typescript". */
export function sm2Backend(): 'openssl' | 'typescript' {
  return loadNativeSm2() ? 'openssl' : 'typescript';
}

/** Path of the loaded accelerator, so worker threads can load the same file; undefined when not loaded. */
export function nativeSm2Path(): string | undefined {
  loadNativeSm2();
  return loadedFrom;
}
