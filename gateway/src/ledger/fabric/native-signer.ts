/**
 * The client identity's ECDSA signatures (proposals, transaction envelopes, commit-status and block-event requests)
 * made by Node's OpenSSL instead of fabric-gateway's default signer, which signs in pure JavaScript (@noble/curves).
 * A CPU profile of `npm run bench:fabric` put that signer at the top of the client's own time: three signatures per
 * submit, about a millisecond each; OpenSSL signs in a few tens of microseconds.
 *
 * Same key, same algorithm, same bytes on the wire as the default: ECDSA over SHA-256 of the message (fabric-gateway's
 * default hash), DER-encoded, with S normalised to the lower half of the curve order, which Fabric's MSP requires.
 * Keys other than P-256/P-384 keep fabric-gateway's own signer.
 */
import { sign, type KeyObject } from 'node:crypto';
import { hash, signers, type Hash, type Signer } from '@hyperledger/fabric-gateway';
import { derSequence, derUnsignedInteger } from '@dtl/chaincode/crypto';

/** The order n of the curves Fabric's MSP accepts for ECDSA identities. */
const CURVE_ORDER: Readonly<Record<string, bigint>> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

export interface SigningSetup {
  /** What the Gateway hashes before calling the signer; absent: its default (SHA-256), as before. */
  readonly hash?: Hash;
  readonly signer: Signer;
}

function bigintOf(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** ECDSA-SHA256 signature of `message`, DER, low S (s ≤ n/2). */
export function signLowS(key: KeyObject, order: bigint, message: Uint8Array): Uint8Array {
  // ieee-p1363: r ‖ s, fixed width, so the two integers need no DER parsing.
  const raw = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
  const half = raw.length / 2;
  const r = bigintOf(raw.subarray(0, half));
  let s = bigintOf(raw.subarray(half));
  if (s > order >> 1n) s = order - s;
  return derSequence(derUnsignedInteger(r), derUnsignedInteger(s));
}

/** The Gateway's hash and signer for a client's private key: OpenSSL for P-256/P-384, else exactly as before. */
export function signingSetup(privateKey: KeyObject): SigningSetup {
  const curve = privateKey.asymmetricKeyType === 'ec' ? privateKey.asymmetricKeyDetails?.namedCurve : undefined;
  const order = curve === undefined ? undefined : CURVE_ORDER[curve];
  if (order === undefined) return { signer: signers.newPrivateKeySigner(privateKey) };
  // The Gateway hands the signer the whole message (hash.none); OpenSSL hashes it with SHA-256 while signing.
  return { hash: hash.none, signer: (message) => Promise.resolve(signLowS(privateKey, order, message)) };
}
