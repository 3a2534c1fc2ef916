import fc from 'fast-check';
import { bytesToHex, hexToBytes, utf8Encode } from './bytes';
import { CryptoError } from './errors';
import {
  computeZa,
  decodePublicKey,
  defineSm2Curve,
  signatureFromDer,
  signatureFromRaw,
  signatureToDer,
  signatureToRaw,
  SM2_P256,
  sm2GenerateKeyPair,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2SignRaw,
  sm2Verify,
  sm2VerifyRaw,
} from './sm2';

const MESSAGE = utf8Encode('message digest');

describe('SM2 known answers', () => {
  it('reproduces GB/T 32918.5-2017 / GM/T 0003.5-2012 Annex A on the recommended curve, default ID', () => {
    const d = hexToBytes('3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8');
    const publicKey = sm2PublicKeyFromPrivate(d);
    expect(bytesToHex(publicKey)).toBe(
      '04' + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
    );
    expect(bytesToHex(computeZa(SM2_P256, decodePublicKey(SM2_P256, publicKey)))).toBe(
      'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
    );
    const signature = sm2SignRaw(MESSAGE, d, { testK: 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n });
    expect(signature.r.toString(16)).toBe('f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3');
    expect(signature.s.toString(16)).toBe('b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa');
    expect(sm2VerifyRaw(signature, MESSAGE, publicKey)).toBe(true);
  });

  it('reproduces the test-curve example with ID ALICE123@YAHOO.COM (OpenSSL sm2_internal_test.c)', () => {
    const testCurve = defineSm2Curve('sm2-test-fp256', {
      p: 0x8542d69e4c044f18e8b92435bf6ff7de457283915c45517d722edb8b08f1dfc3n,
      a: 0x787968b4fa32c3fd2417842e73bbfeff2f3c848b6831d7e0ec65228b3937e498n,
      b: 0x63e4c6d3b23b0c849cf84241484bfe48f61d59a5b16ba06e6e12d1da27c5249an,
      Gx: 0x421debd61b62eab6746434ebc3cc315e32220b3badd50bdc4c4e6c147fedd43dn,
      Gy: 0x0680512bcbb42c07d47349d2153b70c4e5d7fdfcbfa36ea1a85841b9e46e09a2n,
      n: 0x8542d69e4c044f18e8b92435bf6ff7dd297720630485628d5ae74ee7c32e79b7n,
    });
    const d = hexToBytes('128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263');
    const options = { curve: testCurve, userId: 'ALICE123@YAHOO.COM' };
    const signature = sm2SignRaw(MESSAGE, d, { ...options, testK: 0x6cb28d99385c175c94f94e934817663fc176d925dd72b727260dbaae1fb2f96fn });
    expect(signature.r.toString(16)).toBe('40f1ec59f793d9f49e09dcef49130d4194f79fb1eed2caa55bacdb49c4e755d1');
    expect(signature.s.toString(16)).toBe('6fc6dac32c5d5cf10c77dfb20f7c2eb667a457872fb09ec56327a67ec7deebe7');
    const publicKey = sm2PublicKeyFromPrivate(d, testCurve);
    expect(bytesToHex(publicKey).slice(2, 66)).toBe('0ae4c7798aa0f119471bee11825be46202bb79e2a5844495e97c04ff4df2548a');
    expect(sm2VerifyRaw(signature, MESSAGE, publicKey, options)).toBe(true);
    expect(sm2VerifyRaw(signature, MESSAGE, publicKey, { curve: testCurve })).toBe(false);
  });
});

describe('SM2 properties', () => {
  const keys = sm2GenerateKeyPair();
  const other = sm2GenerateKeyPair();

  it('verifies what it signs and refuses any tampering of message, signature, key or ID', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), (message, userId, flip) => {
        const der = sm2Sign(message, keys.privateKey, userId);
        expect(sm2Verify(der, message, keys.publicKey, userId)).toBe(true);
        const tamperedMessage = Uint8Array.from([...message, 0]);
        expect(sm2Verify(der, tamperedMessage, keys.publicKey, userId)).toBe(false);
        expect(sm2Verify(der, message, other.publicKey, userId)).toBe(false);
        expect(sm2Verify(der, message, keys.publicKey, userId + 'x')).toBe(false);
        const { r, s } = signatureFromDer(der);
        const bit = 1n << BigInt(flip % 255);
        expect(sm2Verify(signatureToDer({ r: r ^ bit, s }), message, keys.publicKey, userId)).toBe(false);
        expect(sm2Verify(signatureToDer({ r, s: s ^ bit }), message, keys.publicKey, userId)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('never reuses k: signing the same message twice gives different signatures', () => {
    const a = signatureFromDer(sm2Sign(MESSAGE, keys.privateKey));
    const b = signatureFromDer(sm2Sign(MESSAGE, keys.privateKey));
    expect(a.r).not.toBe(b.r);
  });

  it('is deterministic for fixed entropy (hedged RFC 6979 nonce)', () => {
    const entropy = new Uint8Array(32).fill(9);
    expect(sm2SignRaw(MESSAGE, keys.privateKey, { entropy })).toEqual(sm2SignRaw(MESSAGE, keys.privateKey, { entropy }));
  });

  it('round-trips raw r||s and DER', () => {
    const signature = sm2SignRaw(MESSAGE, keys.privateKey);
    expect(signatureFromRaw(signatureToRaw(signature))).toEqual(signature);
    expect(signatureFromDer(signatureToDer(signature))).toEqual(signature);
  });
});

describe('SM2 refuses hostile input with typed errors', () => {
  const keys = sm2GenerateKeyPair();
  const der = sm2Sign(MESSAGE, keys.privateKey);
  const { n } = SM2_P256;
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(CryptoError);
      return (error as CryptoError).code;
    }
  };

  it('truncated, padded, indefinite and non-minimal DER', () => {
    expect(code(() => sm2Verify(der.subarray(0, der.length - 1), MESSAGE, keys.publicKey))).toBe('INVALID_DER');
    expect(code(() => sm2Verify(Uint8Array.from([...der, 0]), MESSAGE, keys.publicKey))).toBe('INVALID_DER');
    expect(code(() => sm2Verify(new Uint8Array(0), MESSAGE, keys.publicKey))).toBe('INVALID_DER');
    expect(code(() => sm2Verify(Uint8Array.of(0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0, 0), MESSAGE, keys.publicKey))).toBe('INVALID_DER');
    expect(code(() => sm2Verify(Uint8Array.of(0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01), MESSAGE, keys.publicKey))).toBe('INVALID_DER');
    expect(code(() => sm2Verify(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0xff, 0x02, 0x01, 0x01), MESSAGE, keys.publicKey))).toBe('INVALID_DER');
    expect(code(() => sm2Verify(new Uint8Array(10_000_000), MESSAGE, keys.publicKey))).toBe('INVALID_DER');
  });

  it('r = 0, s = n and other out-of-range values are not valid signatures', () => {
    expect(sm2VerifyRaw({ r: 0n, s: 1n }, MESSAGE, keys.publicKey)).toBe(false);
    expect(sm2VerifyRaw({ r: 1n, s: n }, MESSAGE, keys.publicKey)).toBe(false);
    expect(sm2VerifyRaw({ r: n, s: 1n }, MESSAGE, keys.publicKey)).toBe(false);
    expect(sm2VerifyRaw({ r: 1n, s: n - 1n }, MESSAGE, keys.publicKey)).toBe(false); // t = r + s = 0 mod n
    expect(sm2Verify(signatureToDer({ r: 0n, s: n }), MESSAGE, keys.publicKey)).toBe(false);
  });

  it('off-curve, infinity and wrong-length public keys', () => {
    const offCurve = Uint8Array.from(keys.publicKey);
    offCurve[64] = offCurve[64]! ^ 1;
    expect(code(() => sm2Verify(der, MESSAGE, offCurve))).toBe('INVALID_KEY');
    expect(code(() => sm2Verify(der, MESSAGE, Uint8Array.of(0)))).toBe('INVALID_KEY');
    expect(code(() => sm2Verify(der, MESSAGE, new Uint8Array(65)))).toBe('INVALID_KEY');
    expect(code(() => sm2Verify(der, MESSAGE, keys.publicKey.subarray(0, 64)))).toBe('INVALID_KEY');
  });

  it('private keys out of range or of the wrong length', () => {
    expect(code(() => sm2Sign(MESSAGE, new Uint8Array(32)))).toBe('INVALID_KEY');
    expect(code(() => sm2Sign(MESSAGE, new Uint8Array(31).fill(1)))).toBe('INVALID_KEY');
    expect(code(() => sm2Sign(MESSAGE, hexToBytes((n - 1n).toString(16))))).toBe('INVALID_KEY');
  });

  it('wrong-length and non-hex input', () => {
    expect(code(() => hexToBytes('abc'))).toBe('INVALID_HEX');
    expect(code(() => hexToBytes('zz'))).toBe('INVALID_HEX');
    expect(code(() => signatureFromRaw(new Uint8Array(63)))).toBe('INVALID_SIGNATURE');
  });
});
