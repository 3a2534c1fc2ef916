/**
 * Signed records: a record's signed bytes are the canonical JSON of the record without its `signature` member;
 * the signature block names the algorithm, the signer's key id and the SM2 user ID used for Z_A.
 */
import { CryptoError } from './errors';
import { bytesToHex, hexToBytes } from './bytes';
import { canonicalBytes } from './canonical';
import { DEFAULT_USER_ID, sm2Sign, sm2SignAsync, sm2Verify, sm2VerifyAsync } from './sm2';

export const SIGNATURE_ALGORITHM = 'SM2-SM3';

export interface SignatureBlock {
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  /** Id of the signer's registered key, e.g. "sh-scjgj#1". */
  readonly keyId: string;
  /** The SM2 distinguishing identifier used in Z_A. */
  readonly userId: string;
  /** DER-encoded SM2 signature, hex. */
  readonly value: string;
}

export type SignedRecord<T extends object> = T & { readonly signature: SignatureBlock };

export interface RecordSigner {
  readonly privateKey: Uint8Array;
  readonly keyId: string;
  readonly userId?: string;
}

/** Canonical bytes of the record without its signature member. */
export function recordSigningBytes(record: object): Uint8Array {
  const { signature: _signature, ...unsigned } = record as Record<string, unknown>;
  return canonicalBytes(unsigned);
}

/** The record with its signature block, given the DER signature made over recordSigningBytes under `userId`. */
function withSignature<T extends object>(record: T, signer: RecordSigner, userId: string, signatureDer: Uint8Array): SignedRecord<T> {
  const signature: SignatureBlock = { algorithm: SIGNATURE_ALGORITHM, keyId: signer.keyId, userId, value: bytesToHex(signatureDer) };
  return { ...record, signature };
}

export function signRecord<T extends object>(record: T, signer: RecordSigner): SignedRecord<T> {
  const userId = signer.userId ?? DEFAULT_USER_ID;
  return withSignature(record, signer, userId, sm2Sign(recordSigningBytes(record), signer.privateKey, userId));
}

/**
 * signRecord, off the main thread where the SM2 pool exists (see sm2-pool.ts). `signingBytes`: the record's
 * recordSigningBytes when the caller has already computed them (the gateway canonicalises each record it takes to
 * refuse what cannot be signed); other bytes give a signature the chaincode refuses.
 */
export async function signRecordAsync<T extends object>(record: T, signer: RecordSigner, signingBytes?: Uint8Array): Promise<SignedRecord<T>> {
  const userId = signer.userId ?? DEFAULT_USER_ID;
  return withSignature(record, signer, userId, await sm2SignAsync(signingBytes ?? recordSigningBytes(record), signer.privateKey, userId));
}

/** Reads and checks the shape of a record's signature block; CryptoError INVALID_SIGNATURE when malformed. */
export function signatureBlockOf(record: object): SignatureBlock {
  const block = (record as { signature?: unknown }).signature;
  if (typeof block !== 'object' || block === null) throw new CryptoError('INVALID_SIGNATURE', 'record has no signature block');
  const { algorithm, keyId, userId, value } = block as Record<string, unknown>;
  if (algorithm !== SIGNATURE_ALGORITHM) throw new CryptoError('INVALID_SIGNATURE', `signature.algorithm must be ${SIGNATURE_ALGORITHM}`);
  if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 128) throw new CryptoError('INVALID_SIGNATURE', 'signature.keyId must be a non-empty string');
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256) throw new CryptoError('INVALID_SIGNATURE', 'signature.userId must be a non-empty string');
  if (typeof value !== 'string' || value.length > 160) throw new CryptoError('INVALID_SIGNATURE', 'signature.value must be DER hex');
  return { algorithm, keyId, userId, value };
}

/** True when the record's signature verifies under `publicKey`; CryptoError when the block or key is malformed. */
export function verifyRecordSignature(record: SignedRecord<object>, publicKey: Uint8Array): boolean {
  const block = signatureBlockOf(record);
  return sm2Verify(hexToBytes(block.value), recordSigningBytes(record), publicKey, block.userId);
}

/** verifyRecordSignature, off the main thread where the SM2 pool exists (see sm2-pool.ts). */
export async function verifyRecordSignatureAsync(record: SignedRecord<object>, publicKey: Uint8Array): Promise<boolean> {
  const block = signatureBlockOf(record);
  return sm2VerifyAsync(hexToBytes(block.value), recordSigningBytes(record), publicKey, block.userId);
}
