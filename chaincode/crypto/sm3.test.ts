import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { bytesToHex, utf8Encode } from './bytes';
import { hmacSm3, loadNativeSm3, sm3, sm3Hex, sm3Pure, Sm3Hasher } from './sm3';

describe('SM3 (GB/T 32905-2016)', () => {
  it('hashes the standard example "abc"', () => {
    expect(bytesToHex(sm3Pure(utf8Encode('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes the standard 64-byte example "abcd" x 16', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('hashes the empty message', () => {
    expect(sm3Hex('')).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
  });

  it('gives the same digest when fed in arbitrary chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(200), { maxLength: 8 }), (message, cuts) => {
        const hasher = new Sm3Hasher();
        let offset = 0;
        for (const cut of cuts) {
          const end = Math.min(message.length, offset + cut);
          hasher.update(message.subarray(offset, end));
          offset = end;
        }
        hasher.update(message.subarray(offset));
        expect(bytesToHex(hasher.digest())).toBe(bytesToHex(sm3Pure(message)));
      }),
    );
  });

  it('always agrees with the native OpenSSL sm3 of node:crypto', () => {
    const native = loadNativeSm3();
    expect(native).not.toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (message) => {
        expect(bytesToHex(sm3Pure(message))).toBe(bytesToHex(native!(message)));
      }),
      { numRuns: 300 },
    );
    const big = new Uint8Array(1024 * 1024 + 3).map((_, i) => (i * 31) & 0xff);
    expect(bytesToHex(sm3(big))).toBe(bytesToHex(sm3Pure(big)));
  });

  it('computes HMAC-SM3 like OpenSSL', () => {
    // openssl dgst -sm3 -hmac key <<< -n "The quick brown fox jumps over the lazy dog"
    const mac = hmacSm3(utf8Encode('key'), utf8Encode('The quick brown fox jumps over the lazy dog'));
    const expected = createHmac('sm3', 'key').update('The quick brown fox jumps over the lazy dog').digest('hex');
    expect(bytesToHex(mac)).toBe(expected);
    const longKey = new Uint8Array(100).fill(7);
    expect(bytesToHex(hmacSm3(longKey, utf8Encode('x')))).toBe(createHmac('sm3', longKey).update('x').digest('hex'));
  });
});
