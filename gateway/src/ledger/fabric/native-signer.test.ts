import { createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { hash } from '@hyperledger/fabric-gateway';
import { p256, p384 } from '@noble/curves/nist.js';
import { signLowS, signingSetup } from './native-signer';

const P256_ORDER = p256.Point.CURVE().n;

describe('native ECDSA signer for the Fabric client identity', () => {
  it('signs P-256 over SHA-256 of the whole message, DER, always low S, verifiable by OpenSSL and by @noble/curves', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const setup = signingSetup(privateKey);
    expect(setup.hash).toBe(hash.none);
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-65);
    for (let i = 0; i < 64; i++) {
      const message = randomBytes(200 + i);
      const signature = await setup.signer(message);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
      // lowS: true rejects a high-S signature, as Fabric's MSP does.
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', message));
      expect(p256.verify(signature, digest, raw, { prehash: false, format: 'der', lowS: true })).toBe(true);
      const parsed = p256.Signature.fromBytes(signature, 'der');
      expect(parsed.s <= P256_ORDER >> 1n).toBe(true);
    }
  });

  it('normalises a high S to n - s', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // Over 64 signatures, about half come out of OpenSSL with a high S: every one must come back low and valid.
    for (let i = 0; i < 64; i++) {
      const message = randomBytes(32);
      const signature = signLowS(privateKey, P256_ORDER, message);
      expect(p256.Signature.fromBytes(signature, 'der').s <= P256_ORDER >> 1n).toBe(true);
      expect(verify('sha256', message, { key: createPublicKey(privateKey), dsaEncoding: 'der' }, signature)).toBe(true);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    }
  });

  it('signs P-384 with low S too', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const message = randomBytes(100);
    const signature = await signingSetup(privateKey).signer(message);
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    expect(p384.Signature.fromBytes(signature, 'der').s <= p384.Point.CURVE().n >> 1n).toBe(true);
  });

  it('keeps fabric-gateway\'s own signer and default hash for other keys (Ed25519)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const setup = signingSetup(privateKey);
    expect(setup.hash).toBeUndefined();
    const message = randomBytes(32);
    expect(verify(null, message, publicKey, await setup.signer(message))).toBe(true);
  });
});
