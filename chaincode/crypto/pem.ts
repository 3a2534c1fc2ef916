/**
 * SM2 keys in the PEM forms OpenSSL 3 writes (`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2`):
 * PKCS#8 "PRIVATE KEY" wrapping an RFC 5915 ECPrivateKey, and SPKI "PUBLIC KEY"; both with
 * AlgorithmIdentifier { id-ecPublicKey, sm2 (1.2.156.10197.1.301) }. SEC1 "SM2 PRIVATE KEY" / "EC PRIVATE KEY" is read too.
 */
import { CryptoError } from './errors';
import { bigIntToBytes, bytesToHex, concatBytes } from './bytes';
import { oid, readChildren, readSingle, readUnsignedInteger, sameDer, sequence, TAG, tlv, type DerNode } from './der';
import { decodePublicKey, sm2PublicKeyFromPrivate, SM2_P256 } from './sm2';

const ID_EC_PUBLIC_KEY = oid('1.2.840.10045.2.1');
const ID_SM2_CURVE = oid('1.2.156.10197.1.301');
const SM2_ALGORITHM = sequence(ID_EC_PUBLIC_KEY, ID_SM2_CURVE);

const invalidPem = (detail: string): never => {
  throw new CryptoError('INVALID_PEM', detail);
};

function base64ToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) invalidPem('body is not base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/** Extracts the DER body of the first PEM block with the given label. */
export function pemDecode(pem: string, label: string): Uint8Array {
  if (typeof pem !== 'string') return invalidPem('PEM must be text');
  if (pem.length > 64 * 1024) return invalidPem('PEM larger than 64 KiB');
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = pem.indexOf(begin);
  const stop = pem.indexOf(end, start + begin.length);
  if (start < 0 || stop < 0) return invalidPem(`no "${label}" block`);
  return base64ToBytes(pem.slice(start + begin.length, stop).replace(/\s+/g, ''));
}

export function pemEncode(der: Uint8Array, label: string): string {
  const body = bytesToBase64(der).replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function expectSm2Algorithm(node: DerNode | undefined): void {
  if (!node || !sameDer(node, SM2_ALGORITHM)) invalidPem('algorithm is not id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301)');
}

function bitStringPublicKey(node: DerNode | undefined): Uint8Array {
  if (!node || node.tag !== TAG.BIT_STRING || node.content[0] !== 0) return invalidPem('public key must be a BIT STRING with no unused bits');
  const publicKey = node.content.subarray(1);
  decodePublicKey(SM2_P256, publicKey);
  return publicKey;
}

// ------------------------------------------------------------------------------------------- public keys

export function sm2PublicKeyToSpki(publicKey: Uint8Array): Uint8Array {
  decodePublicKey(SM2_P256, publicKey);
  return sequence(SM2_ALGORITHM, tlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(0), publicKey)));
}

export function sm2PublicKeyFromSpki(spki: Uint8Array): Uint8Array {
  try {
    const children = readChildren(readSingle(spki, TAG.SEQUENCE, 'SubjectPublicKeyInfo').content);
    if (children.length !== 2) invalidPem('SubjectPublicKeyInfo must have 2 fields');
    expectSm2Algorithm(children[0]);
    return bitStringPublicKey(children[1]);
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'INVALID_DER') invalidPem(error.message);
    throw error;
  }
}

export function sm2PublicKeyToPem(publicKey: Uint8Array): string {
  return pemEncode(sm2PublicKeyToSpki(publicKey), 'PUBLIC KEY');
}

/** Reads an SPKI "PUBLIC KEY" PEM; returns the 65-byte uncompressed point. */
export function sm2PublicKeyFromPem(pem: string): Uint8Array {
  return sm2PublicKeyFromSpki(pemDecode(pem, 'PUBLIC KEY'));
}

// ------------------------------------------------------------------------------------------- private keys

function ecPrivateKey(privateKey: Uint8Array, withParameters: boolean): Uint8Array {
  const publicKey = sm2PublicKeyFromPrivate(privateKey);
  return sequence(
    tlv(TAG.INTEGER, Uint8Array.of(1)),
    tlv(TAG.OCTET_STRING, privateKey),
    ...(withParameters ? [tlv(TAG.CONTEXT_0, ID_SM2_CURVE)] : []),
    tlv(TAG.CONTEXT_1, tlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(0), publicKey))),
  );
}

/** RFC 5915 ECPrivateKey: version 1, 32-byte key, optional [0] curve (must be SM2), optional [1] public key (must match). */
function readEcPrivateKey(der: Uint8Array): Uint8Array {
  const fields = readChildren(readSingle(der, TAG.SEQUENCE, 'ECPrivateKey').content);
  const [version, key, ...optional] = fields;
  if (!version || readUnsignedInteger(version, 'ECPrivateKey version') !== 1n) invalidPem('ECPrivateKey version must be 1');
  if (!key || key.tag !== TAG.OCTET_STRING) return invalidPem('ECPrivateKey key must be an OCTET STRING');
  if (key.content.length > 32 || key.content.length === 0) invalidPem('SM2 private key must be at most 32 bytes');
  const privateKey = bigIntToBytes(BigInt('0x' + bytesToHex(key.content)), 32);
  const publicKey = sm2PublicKeyFromPrivate(privateKey);
  for (const field of optional) {
    if (field.tag === TAG.CONTEXT_0) {
      if (!sameDer(readSingle(field.content, TAG.OID, 'curve'), ID_SM2_CURVE)) invalidPem('ECPrivateKey curve is not SM2');
    } else if (field.tag === TAG.CONTEXT_1) {
      const embedded = bitStringPublicKey(readSingle(field.content, TAG.BIT_STRING, 'public key'));
      if (bytesToHex(embedded) !== bytesToHex(publicKey)) invalidPem('embedded public key does not match the private key');
    } else {
      invalidPem(`unexpected ECPrivateKey field 0x${field.tag.toString(16)}`);
    }
  }
  return privateKey;
}

export function sm2PrivateKeyToPkcs8(privateKey: Uint8Array): Uint8Array {
  return sequence(tlv(TAG.INTEGER, Uint8Array.of(0)), SM2_ALGORITHM, tlv(TAG.OCTET_STRING, ecPrivateKey(privateKey, false)));
}

/** PKCS#8 "PRIVATE KEY" PEM, the form `openssl genpkey` writes. */
export function sm2PrivateKeyToPem(privateKey: Uint8Array): string {
  return pemEncode(sm2PrivateKeyToPkcs8(privateKey), 'PRIVATE KEY');
}

/** Reads PKCS#8 "PRIVATE KEY" (or SEC1 "SM2/EC PRIVATE KEY" with the SM2 curve); returns the 32-byte scalar. */
export function sm2PrivateKeyFromPem(pem: string): Uint8Array {
  try {
    // SEC1 ECPrivateKey: OpenSSL 3 labels it "SM2 PRIVATE KEY" for this curve, older tools "EC PRIVATE KEY".
    for (const label of ['SM2 PRIVATE KEY', 'EC PRIVATE KEY']) {
      if (typeof pem === 'string' && pem.includes(`-----BEGIN ${label}-----`)) return readEcPrivateKey(pemDecode(pem, label));
    }
    if (typeof pem === 'string' && pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
      invalidPem('encrypted PKCS#8 is not supported here; decrypt it first (openssl pkey)');
    }
    const der = pemDecode(pem, 'PRIVATE KEY');
    const fields = readChildren(readSingle(der, TAG.SEQUENCE, 'PrivateKeyInfo').content);
    const [version, algorithm, key] = fields;
    if (!version || readUnsignedInteger(version, 'PKCS#8 version') > 1n) invalidPem('PKCS#8 version must be 0 or 1');
    expectSm2Algorithm(algorithm);
    if (!key || key.tag !== TAG.OCTET_STRING) return invalidPem('PKCS#8 privateKey must be an OCTET STRING');
    return readEcPrivateKey(key.content);
  } catch (error) {
    if (error instanceof CryptoError && (error.code === 'INVALID_DER' || error.code === 'INVALID_KEY')) invalidPem(error.message);
    throw error;
  }
}
