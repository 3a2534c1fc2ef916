import fc from 'fast-check';
import { bytesToHex, randomBytes } from './bytes';
import { loadNativeSm2, sm2Backend } from './native';
import { signatureFromDer, signatureToDer, sm2GenerateKeyPair, sm2Sign, sm2SignAsync, sm2SignRaw, sm2Verify, sm2VerifyAsync, sm2VerifyRaw } from './sm2';
import { sm2Pool } from './sm2-pool';

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

describe('SM2 signing and verification in the worker pool', () => {
  it('answers many concurrent verifications exactly as the synchronous path does', async () => {
    expect(sm2Pool()).not.toBeNull();
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

  it('signs concurrently, many keys at once, signatures the synchronous path (and only it, per key) verifies', async () => {
    const keys = Array.from({ length: 5 }, () => sm2GenerateKeyPair());
    const cases = Array.from({ length: 100 }, (_, i) => ({ key: keys[i % keys.length]!, message: randomBytes(1 + (i % 40)), userId: i % 2 === 0 ? 'ALICE123@YAHOO.COM' : undefined }));
    const signatures = await Promise.all(cases.map((c) => sm2SignAsync(c.message, c.key.privateKey, c.userId)));
    cases.forEach((c, i) => {
      expect(sm2Verify(signatures[i]!, c.message, c.key.publicKey, c.userId)).toBe(true);
      expect(sm2Verify(signatures[i]!, c.message, keys[(i + 1) % keys.length]!.publicKey, c.userId)).toBe(false);
    });
    // A fresh nonce each time: the same message and key never give the same signature twice.
    const again = await sm2SignAsync(cases[0]!.message, cases[0]!.key.privateKey, cases[0]!.userId);
    expect(bytesToHex(again)).not.toBe(bytesToHex(signatures[0]!));
  });

  it('refuses malformed input with the same typed errors before dispatch', async () => {
    await expect(sm2SignAsync(Uint8Array.of(1), new Uint8Array(32))).rejects.toMatchObject({ code: 'INVALID_KEY' });
    const keys = sm2GenerateKeyPair();
    await expect(sm2VerifyAsync(Uint8Array.of(0x30, 0x00, 0x01), Uint8Array.of(1), keys.publicKey)).rejects.toMatchObject({ code: 'INVALID_DER' });
    await expect(sm2VerifyAsync(sm2Sign(Uint8Array.of(1), keys.privateKey), Uint8Array.of(1), new Uint8Array(65))).rejects.toMatchObject({ code: 'INVALID_KEY' });
  });
});
