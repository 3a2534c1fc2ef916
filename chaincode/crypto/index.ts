/**
 * SM3, SM2 and canonical records: the one crypto module the chaincode, the gateway and the browser explorer
 * share. Nothing here needs a Node-only API (the native SM3 and SM2 paths are optional accelerators).
 */
export { CryptoError, type CryptoErrorCode } from './errors';
export { bytesToHex, hexToBytes, hexToFixedBytes, utf8Encode, utf8Decode, concatBytes, equalBytes, randomBytes } from './bytes';
export { sm3, sm3Hex, sm3Pure, Sm3Hasher, hmacSm3 } from './sm3';
export {
  DEFAULT_USER_ID,
  SM2_P256,
  defineSm2Curve,
  computeZa,
  decodePublicKey,
  sm2GenerateKeyPair,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2SignAsync,
  sm2Verify,
  sm2VerifyAsync,
  sm2SignRaw,
  sm2VerifyRaw,
  signatureToDer,
  signatureFromDer,
  signatureToRaw,
  signatureFromRaw,
  type Sm2Curve,
  type Sm2KeyPair,
  type Sm2Signature,
  type Sm2SignOptions,
  type Sm2VerifyOptions,
} from './sm2';
export {
  sm2PrivateKeyToPem,
  sm2PrivateKeyFromPem,
  sm2PublicKeyToPem,
  sm2PublicKeyFromPem,
  sm2PrivateKeyToPkcs8,
  sm2PublicKeyToSpki,
  sm2PublicKeyFromSpki,
  pemDecode,
  pemEncode,
} from './pem';
export { sm2PublicKeyFingerprint } from './fingerprint';
export { sha256, sha256Concat } from './sha256';
/** DER building blocks, for other ASN.1 structures (e.g. the embedded ledger's X.509 certificates). */
export { tlv as derTlv, sequence as derSequence, unsignedInteger as derUnsignedInteger, oid as derOid, TAG as DER_TAG } from './der';
export { sm2Backend } from './native';
export { canonicalJson, canonicalBytes, parseJsonStrict, type JsonValue, type JsonLimits } from './canonical';
export {
  SIGNATURE_ALGORITHM,
  recordSigningBytes,
  signRecord,
  signRecordAsync,
  signatureBlockOf,
  verifyRecordSignature,
  verifyRecordSignatureAsync,
  type SignatureBlock,
  type SignedRecord,
  type RecordSigner,
} from './record';
