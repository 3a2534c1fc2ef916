import { CryptoError } from './errors';
import { recordSigningBytes, signRecord, signRecordAsync, verifyRecordSignature, verifyRecordSignatureAsync } from './record';
import { sm2GenerateKeyPair } from './sm2';
import { utf8Decode } from './bytes';

describe('signed records', () => {
  const keys = sm2GenerateKeyPair();
  const record = { type: 'credit.entry', id: 'rec-1', department: 'sh-scjgj', subject: { creditCode: '91310000MA1FL8TQ2K' }, list: 'black' };

  it('signs the canonical bytes of the record without its signature block', () => {
    const signed = signRecord(record, { privateKey: keys.privateKey, keyId: 'sh-scjgj#1' });
    expect(signed.signature).toMatchObject({ algorithm: 'SM2-SM3', keyId: 'sh-scjgj#1', userId: '1234567812345678' });
    expect(utf8Decode(recordSigningBytes(signed))).toBe(
      '{"department":"sh-scjgj","id":"rec-1","list":"black","subject":{"creditCode":"91310000MA1FL8TQ2K"},"type":"credit.entry"}',
    );
    expect(verifyRecordSignature(signed, keys.publicKey)).toBe(true);
    const { list, ...rest } = record;
    const reordered = JSON.parse(JSON.stringify({ signature: signed.signature, list, ...rest })) as typeof signed;
    expect(verifyRecordSignature(reordered, keys.publicKey)).toBe(true);
  });

  it('signRecordAsync (the SM2 pool where there is one) gives the same signature block shape, valid both ways', async () => {
    const signer = { privateKey: keys.privateKey, keyId: 'sh-scjgj#1', userId: 'sh-scjgj' };
    const signed = await signRecordAsync(record, signer);
    expect(signed.signature).toMatchObject({ algorithm: 'SM2-SM3', keyId: 'sh-scjgj#1', userId: 'sh-scjgj' });
    expect(verifyRecordSignature(signed, keys.publicKey)).toBe(true);
    await expect(verifyRecordSignatureAsync(signRecord(record, signer), keys.publicKey)).resolves.toBe(true);
    expect(verifyRecordSignature({ ...signed, list: 'red' } as typeof signed, keys.publicKey)).toBe(false);
  });

  it('signRecordAsync with the signing bytes the caller computed signs exactly those (valid when they are the record\'s)', async () => {
    const signer = { privateKey: keys.privateKey, keyId: 'sh-scjgj#1' };
    const signed = await signRecordAsync(record, signer, recordSigningBytes(record));
    expect(verifyRecordSignature(signed, keys.publicKey)).toBe(true);
    const wrong = await signRecordAsync(record, signer, recordSigningBytes({ ...record, list: 'red' }));
    expect(verifyRecordSignature(wrong, keys.publicKey)).toBe(false);
  });

  it('fails for a changed field, another key or a changed user ID', () => {
    const signed = signRecord(record, { privateKey: keys.privateKey, keyId: 'k', userId: 'sh-scjgj' });
    expect(verifyRecordSignature({ ...signed, list: 'red' } as typeof signed, keys.publicKey)).toBe(false);
    expect(verifyRecordSignature(signed, sm2GenerateKeyPair().publicKey)).toBe(false);
    expect(verifyRecordSignature({ ...signed, signature: { ...signed.signature, userId: '1234567812345678' } }, keys.publicKey)).toBe(false);
  });

  it('refuses a malformed signature block with a typed error', () => {
    const signed = signRecord(record, { privateKey: keys.privateKey, keyId: 'k' });
    expect(() => verifyRecordSignature({ ...signed, signature: { ...signed.signature, algorithm: 'ECDSA' as 'SM2-SM3' } }, keys.publicKey)).toThrow(CryptoError);
    expect(() => verifyRecordSignature({ ...signed, signature: { ...signed.signature, value: 'zz' } }, keys.publicKey)).toThrow(CryptoError);
  });
});
