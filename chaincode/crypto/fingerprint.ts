import { bytesToHex } from './bytes';
import { decodePublicKey, SM2_P256 } from './sm2';
import { sm3 } from './sm3';

/** Short stable id of an SM2 public key: hex of the first 16 bytes of SM3 over the uncompressed point. */
export function sm2PublicKeyFingerprint(publicKey: Uint8Array): string {
  const uncompressed = decodePublicKey(SM2_P256, publicKey).toBytes(false);
  return bytesToHex(sm3(uncompressed).subarray(0, 16));
}
