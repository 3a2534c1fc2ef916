import { hashOnlyForm } from '@dtl/chaincode';
import { canonicalJson, utf8Decode, utf8Encode } from '@dtl/chaincode/crypto';
import type { Ledger, TransactionRequest } from '../ledger/ledger';
import { placedRequest } from './placement';

/** A ledger whose `protected:placement` answers from a table (the chaincode's answer is tested in the chaincode). */
function ledgerAnswering(placements: Record<string, object>, asked: string[]): Ledger {
  return {
    evaluate: async (request: TransactionRequest) => {
      asked.push(`${request.contract}:${request.transaction}:${request.args.join(',')}`);
      const answer = placements[`${request.args[0] ?? ''}/${request.args[1] ?? ''}`];
      if (answer === undefined) throw new Error('NOT_FOUND: department');
      return utf8Encode(JSON.stringify(answer));
    },
  } as unknown as Ledger;
}

const entry = { type: 'credit.entry', id: 'e-1', department: 'ah-fgw', list: 'black', subject: { kind: 'organisation', creditCode: '91341100MA2MC2P30G', name: '某公司' }, legalBasis: 'SECRET', measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z', signature: { algorithm: 'SM2-SM3', keyId: 'ah-fgw#1', userId: '1234567812345678', value: 'ab'.repeat(36) } };
const request = (record: object, transient?: Record<string, Uint8Array>): TransactionRequest => ({ identity: { province: 'anhui', role: 'client' }, contract: 'credit', transaction: 'addEntry', args: [JSON.stringify(record)], ...(transient ? { transient } : {}) });

describe('placedRequest', () => {
  it('sends protected content as transient "content" and its hash-only form as the argument, keeping other transient fields', async () => {
    const asked: string[] = [];
    const ledger = ledgerAnswering({ 'ah-fgw/credit.entry': { where: 'protected', collection: 'protected-anhui', mode: 'not-shared', resourceId: 'r' } }, asked);
    const personal = utf8Encode('{"idNumber":"x","salt":"y"}');
    const placed = await placedRequest(ledger, request(entry, { personal }));
    expect(asked).toEqual(['protected:placement:ah-fgw,credit.entry']);
    expect(placed.args).toEqual([canonicalJson(hashOnlyForm(entry))]);
    expect(placed.args[0]).not.toContain('SECRET');
    expect(utf8Decode(placed.transient?.content ?? new Uint8Array())).toBe(JSON.stringify(entry));
    expect(placed.transient?.personal).toBe(personal);
  });

  it('leaves channel content, shared-by-design families, non-record arguments and unknown departments as they are', async () => {
    const asked: string[] = [];
    const ledger = ledgerAnswering({ 'ah-fgw/credit.entry': { where: 'channel', reason: 'unconditional' } }, asked);
    const same = request(entry);
    expect(await placedRequest(ledger, same)).toBe(same);
    const catalogue = request({ type: 'sharing.catalogue', id: 'c', department: 'ah-fgw' });
    expect(await placedRequest(ledger, catalogue)).toBe(catalogue);
    const query = { ...request(entry), args: ['credit-1'] };
    expect(await placedRequest(ledger, query)).toBe(query);
    const unknown = request({ ...entry, department: 'nobody' });
    expect(await placedRequest(ledger, unknown)).toBe(unknown);
    expect(asked).toEqual(['protected:placement:ah-fgw,credit.entry', 'protected:placement:nobody,credit.entry']);
  });
});
