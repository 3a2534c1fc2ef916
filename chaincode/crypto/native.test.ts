import fc from 'fast-check';
import { randomBytes } from './bytes';
import { loadNativeSm2, sm2Backend } from './native';
import { signatureFromDer, signatureToDer, sm2GenerateKeyPair, sm2Sign, sm2SignRaw, sm2Verify, sm2VerifyAsync, sm2VerifyRaw } from './sm2';
import { verifyPool } from './verify-pool';

// `npm test` builds the accelerator first (native/build.js); these tests prove the two implementations agree.
const native = loadNativeSm2();

describe('SM2 through OpenSSL (native accelerator) and TypeScript agree', () => {
  it('uses OpenSSL in this test run', () => {
    expect(native).not.toBeNull();
    expect(sm2Backend()).toBe('openssl');
  });

  it('OpenSSL signatures verify in TypeScript and TypeScript signatures verify in OpenSSL', () => {
    const keys = sm2GenerateKeyPair();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.string({ minLength: 1, maxLength: 32 }), (message, userId) => {
        const viaOpenSsl = sm2Sign(message, keys.privateKey, userId);
        expect(sm2VerifyRaw(signatureFromDer(viaOpenSsl), message, keys.publicKey, { userId })).toBe(true);
        const viaTypeScript = signatureToDer(sm2SignRaw(message, keys.privateKey, { userId }));
        expect(sm2Verify(viaTypeScript, message, keys.publicKey, userId)).toBe(true);
        expect(sm2Verify(viaTypeScript, message, keys.publicKey, userId + '.')).toBe(false);
        const tampered = Uint8Array.from([...message, 1]);
        expect(sm2Verify(viaOpenSsl, tampered, keys.publicKey, userId)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('verifies against many distinct keys (the per-key cache does not mix them up)', () => {
    const signers = Array.from({ length: 20 }, () => sm2GenerateKeyPair());
    const message = randomBytes(64);
    const signatures = signers.map((k) => sm2Sign(message, k.privateKey));
    signers.forEach((k, i) => {
      expect(sm2Verify(signatures[i]!, message, k.publicKey)).toBe(true);
      expect(sm2Verify(signatures[(i + 1) % signers.length]!, message, k.publicKey)).toBe(false);
    });
  });
});

describe('SM2 verification in the worker pool', () => {
  it('answers many concurrent verifications exactly as the synchronous path does', async () => {
    expect(verifyPool()).not.toBeNull();
    const keys = Array.from({ length: 5 }, () => sm2GenerateKeyPair());
    const cases = Array.from({ length: 200 }, (_, i) => {
      const key = keys[i % keys.length]!;
      const message = randomBytes(1 + (i % 50));
      const signature = sm2Sign(message, key.privateKey);
      const tampered = i % 3 === 0;
      return { message: tampered ? Uint8Array.from([...message, 0]) : message, signature, publicKey: key.publicKey, expected: !tampered };
    });
    const answers = await Promise.all(cases.map((c) => sm2VerifyAsync(c.signature, c.message, c.publicKey)));
    expect(answers).toEqual(cases.map((c) => c.expected));
  });

  it('refuses malformed input with the same typed errors before dispatch', async () => {
    const keys = sm2GenerateKeyPair();
    await expect(sm2VerifyAsync(Uint8Array.of(0x30, 0x00, 0x01), Uint8Array.of(1), keys.publicKey)).rejects.toMatchObject({ code: 'INVALID_DER' });
    await expect(sm2VerifyAsync(sm2Sign(Uint8Array.of(1), keys.privateKey), Uint8Array.of(1), new Uint8Array(65))).rejects.toMatchObject({ code: 'INVALID_KEY' });
  });
});
