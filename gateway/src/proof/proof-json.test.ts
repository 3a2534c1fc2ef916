import type { Proof } from './types';
import { proofJson } from './proof-json';

const signature = { algorithm: 'SM2-SM3', keyId: 'k#1', userId: '1234567812345678', value: 'ab' } as const;
const bare = (id: string): Proof =>
  ({
    version: 1,
    record: { type: 'trace.batch.register', id, department: 'd', note: '引号 " \\ \u2028', signature },
    signature,
    signerKeyId: 'k#1',
    txId: `tx-${id}`,
    blockNumber: 3,
    blockHash: 'ff',
    header: { number: 3, previousHash: 'ee', dataHash: 'dd', hashAlgorithm: 'sm3' },
  }) as unknown as Proof;

describe('proofJson', () => {
  it('gives JSON.stringify(proof) byte for byte, with and without a signer key provenance', () => {
    const provenance = bare('registration');
    const withProvenance = { ...bare('r-1'), keyProvenance: { ...provenance, keyProvenance: bare('older') } } as Proof;
    expect(proofJson(withProvenance)).toBe(JSON.stringify(withProvenance));
    expect(proofJson(withProvenance)).toBe(JSON.stringify(withProvenance)); // the cached provenance text
    expect(proofJson(bare('r-2'))).toBe(JSON.stringify(bare('r-2')));
    const reordered = { keyProvenance: provenance, ...bare('r-3') } as Proof;
    expect(proofJson(reordered)).toBe(JSON.stringify(reordered));
  });

  it('serialises a shared provenance object once', () => {
    const provenance = bare('registration-2');
    const spy = jest.spyOn(JSON, 'stringify');
    try {
      proofJson({ ...bare('a'), keyProvenance: provenance } as Proof);
      proofJson({ ...bare('b'), keyProvenance: provenance } as Proof);
      expect(spy.mock.calls.filter(([value]) => value === provenance)).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});
