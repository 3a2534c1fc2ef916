import { canonicalJson, recordSigningBytes, signRecord, sm2GenerateKeyPair, sm3Hex, verifyRecordSignature } from '../../crypto';
import { checkContentAgainstHashOnly, hashOnlyForm } from './hash-only';

const keys = sm2GenerateKeyPair();
const entry = signRecord(
  {
    type: 'credit.entry',
    id: 'entry-canary',
    department: 'ah-fgw',
    list: 'black',
    subject: { kind: 'organisation', creditCode: '91340100MA2N0X1234', name: '合肥某某公司 CANARY-NAME' },
    category: 'tax-evasion',
    legalBasis: 'CANARY-LEGAL-BASIS',
    decisionNumber: '皖发改信〔2025〕1号',
    measures: ['no-bidding'],
    validFrom: '2025-01-01T00:00:00Z',
    validTo: '2030-01-01T00:00:00Z',
  },
  { privateKey: keys.privateKey, keyId: 'ah-fgw#1' },
);

describe('hashOnlyForm', () => {
  it('keeps the enforceable facts, the signature and the content hash; drops the narrative and names', () => {
    const form = hashOnlyForm(entry as unknown as Record<string, unknown>);
    const text = canonicalJson(form);
    expect(text).not.toContain('CANARY');
    expect(text).not.toContain('decisionNumber');
    expect(form).toMatchObject({ type: 'credit.entry', id: 'entry-canary', department: 'ah-fgw', list: 'black', measures: ['no-bidding'], validTo: '2030-01-01T00:00:00Z', form: 'hash-only' });
    expect(form.subject).toEqual({ kind: 'organisation', creditCode: '91340100MA2N0X1234' });
    expect(form.signature).toEqual(entry.signature);
  });

  it('lets a holder of the content check it: SM3 of the signed bytes is the content hash, and the signature verifies over them', () => {
    const form = hashOnlyForm(entry as unknown as Record<string, unknown>);
    const bytes = recordSigningBytes(entry);
    expect(sm3Hex(bytes)).toBe(form.contentHash);
    expect(verifyRecordSignature(entry, keys.publicKey)).toBe(true);
    const altered = { ...entry, legalBasis: 'something else' };
    expect(sm3Hex(recordSigningBytes(altered))).not.toBe(form.contentHash);
  });

  it('is idempotent and keeps only head fields of unknown types', () => {
    const form = hashOnlyForm(entry as unknown as Record<string, unknown>);
    expect(hashOnlyForm(form)).toBe(form);
    const other = hashOnlyForm({ type: 'x.y', id: 'a', department: 'd', secret: 'CANARY' });
    expect(Object.keys(other).sort()).toEqual(['contentHash', 'department', 'form', 'id', 'type']);
  });
});

describe('checkContentAgainstHashOnly', () => {
  it('accepts the content that was signed and refuses any other', () => {
    const form = hashOnlyForm(entry as unknown as Record<string, unknown>);
    const { signature: _signature, ...content } = entry;
    expect(checkContentAgainstHashOnly(form, content, keys.publicKey)).toEqual({ hashMatches: true, formMatches: true, signatureValid: true });
    expect(checkContentAgainstHashOnly(form, { ...content, legalBasis: 'forged' }, keys.publicKey)).toEqual({ hashMatches: false, formMatches: false, signatureValid: false });
    expect(checkContentAgainstHashOnly(form, content, sm2GenerateKeyPair().publicKey).signatureValid).toBe(false);
  });
});
