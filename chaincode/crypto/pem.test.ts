import { CryptoError } from './errors';
import { pemEncode, sm2PrivateKeyFromPem, sm2PrivateKeyToPem, sm2PublicKeyFromPem, sm2PublicKeyToPem } from './pem';
import { sm2GenerateKeyPair } from './sm2';
import { oid, sequence } from './der';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  throw new Error('expected a CryptoError');
};

describe('SM2 PEM keys', () => {
  const keys = sm2GenerateKeyPair();

  it('round-trips PKCS#8 and SPKI', () => {
    expect(sm2PrivateKeyFromPem(sm2PrivateKeyToPem(keys.privateKey))).toEqual(keys.privateKey);
    expect(sm2PublicKeyFromPem(sm2PublicKeyToPem(keys.publicKey))).toEqual(keys.publicKey);
  });

  it('refuses garbage, wrong labels, other curves and truncated bodies', () => {
    expect(codeOf(() => sm2PublicKeyFromPem('hello'))).toBe('INVALID_PEM');
    expect(codeOf(() => sm2PublicKeyFromPem(sm2PrivateKeyToPem(keys.privateKey)))).toBe('INVALID_PEM');
    const p256Spki = sequence(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7'));
    expect(codeOf(() => sm2PublicKeyFromPem(pemEncode(sequence(p256Spki), 'PUBLIC KEY')))).toBe('INVALID_PEM');
    const pem = sm2PublicKeyToPem(keys.publicKey);
    const truncated = pem.replace(/\n[^\n]+\n-----END/, '\n-----END');
    expect(codeOf(() => sm2PublicKeyFromPem(truncated))).toBe('INVALID_PEM');
    expect(codeOf(() => sm2PrivateKeyFromPem('-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----'))).toBe('INVALID_PEM');
    expect(codeOf(() => sm2PrivateKeyFromPem('x'.repeat(100_000)))).toBe('INVALID_PEM');
  });
});
