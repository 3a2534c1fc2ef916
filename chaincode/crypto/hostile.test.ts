/**
 * Property-based hostile input for the crypto and canonical layers: whatever the bytes, parsing either succeeds
 * or throws a typed CryptoError — never another exception, a crash or a hang.
 */
import fc from 'fast-check';
import { canonicalJson, parseJsonStrict } from './canonical';
import { CryptoError } from './errors';
import { hexToBytes } from './bytes';
import { sm2PrivateKeyFromPem, sm2PublicKeyFromPem, sm2PublicKeyToPem, pemEncode } from './pem';
import { signatureFromDer, signatureToDer, sm2GenerateKeyPair, sm2Sign, sm2Verify } from './sm2';
import { signatureBlockOf } from './record';

function typedOrOk(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
  }
}

const keys = sm2GenerateKeyPair();
const message = Uint8Array.of(1, 2, 3);
const goodDer = sm2Sign(message, keys.privateKey);

describe('hostile input never escapes as an untyped error', () => {
  it('random bytes as a DER signature', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => typedOrOk(() => sm2Verify(bytes, message, keys.publicKey))), { numRuns: 2000 });
  });

  it('single-byte mutations of a valid DER signature are refused or invalid, never accepted', () => {
    fc.assert(
      fc.property(fc.nat(goodDer.length - 1), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const mutated = Uint8Array.from(goodDer);
        mutated[index] = (mutated[index]! + delta) & 0xff;
        let accepted = false;
        typedOrOk(() => {
          accepted = sm2Verify(mutated, message, keys.publicKey);
        });
        // A mutation that only changes the encoding but not (r, s) cannot exist in strict DER.
        expect(accepted).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('DER round-trips for any r, s below 2^256', () => {
    const big = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
    fc.assert(fc.property(big, big, (r, s) => expect(signatureFromDer(signatureToDer({ r, s }))).toEqual({ r, s })));
  });

  it('random public keys, hex and PEM text', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 70 }), (bytes) => typedOrOk(() => sm2Verify(goodDer, message, bytes))), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => typedOrOk(() => hexToBytes(text))), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => typedOrOk(() => sm2PublicKeyFromPem(text))), { numRuns: 500 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
        typedOrOk(() => sm2PublicKeyFromPem(pemEncode(body, 'PUBLIC KEY')));
        typedOrOk(() => sm2PrivateKeyFromPem(pemEncode(body, 'PRIVATE KEY')));
      }),
      { numRuns: 1000 },
    );
    const pem = sm2PublicKeyToPem(keys.publicKey);
    fc.assert(
      fc.property(fc.nat(pem.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (index, c) => typedOrOk(() => sm2PublicKeyFromPem(pem.slice(0, index) + c + pem.slice(index + 1)))),
      { numRuns: 500 },
    );
  });

  it('random text and any JSON value through the strict parser and canonical encoder', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => typedOrOk(() => parseJsonStrict(text))), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (text) => typedOrOk(() => canonicalJson({ text }))), { numRuns: 1000 });
    fc.assert(fc.property(fc.anything(), (value) => typedOrOk(() => canonicalJson(value))), { numRuns: 1000 });
    fc.assert(fc.property(fc.anything(), (value) => typedOrOk(() => signatureBlockOf({ signature: value }))), { numRuns: 500 });
  });
});
