import { hashOnlyForm } from '@dtl/chaincode';
import { canonicalJson, utf8Decode, utf8Encode } from '@dtl/chaincode/crypto';
import type { CommittedTransaction, Ledger, TransactionRequest } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';
import { PlacementCache, placedRequest, submitPlaced } from './placement';

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

const PROTECTED = { where: 'protected', collection: 'protected-anhui', mode: 'conditional', resourceId: 'r' };
const CHANNEL = { where: 'channel', reason: 'unconditional', resourceId: 'r' };

/** A ledger whose catalogue answer can change, and whose submit refuses the wrong form as the chaincode does. */
function ledgerWithCatalogue(state: { placement: object }, asked: string[], submitted: TransactionRequest[]): Ledger {
  return {
    evaluate: async (request: TransactionRequest) => {
      asked.push(`${request.contract}:${request.transaction}`);
      return utf8Encode(JSON.stringify(state.placement));
    },
    submit: async (request: TransactionRequest): Promise<CommittedTransaction> => {
      submitted.push(request);
      const asTransient = request.transient?.content !== undefined;
      const wantsProtected = (state.placement as { where: string }).where === 'protected';
      if (wantsProtected && !asTransient) throw new LedgerError('endorse', 'PRIVATE_DATA_REQUIRED', 'PRIVATE_DATA_REQUIRED: send the signed record as transient "content"');
      if (!wantsProtected && asTransient) throw new LedgerError('endorse', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT: record e-1: transient "content" is only for protected content; this record stays on the channel');
      return { txId: 't', blockNumber: 1, blockHash: 'h', validationCode: 'VALID', timestamp: '', result: utf8Encode('{}'), events: [] };
    },
  } as unknown as Ledger;
}

describe('PlacementCache and submitPlaced', () => {
  it('asks the chaincode once per department and type within the cache window', async () => {
    const asked: string[] = [];
    const submitted: TransactionRequest[] = [];
    const ledger = ledgerWithCatalogue({ placement: CHANNEL }, asked, submitted);
    const cache = new PlacementCache(ledger);
    for (let i = 0; i < 3; i++) await submitPlaced(ledger, request(entry), entry, cache);
    expect(asked).toEqual(['protected:placement']);
    expect(submitted.map((r) => r.args[0])).toEqual(Array(3).fill(JSON.stringify(entry)));
    cache.invalidate('ah-fgw');
    await submitPlaced(ledger, request(entry), entry, cache);
    expect(asked).toHaveLength(2);
  });

  it('a stale answer never places content wrongly: the refusal brings a fresh answer and one more submit in the right form', async () => {
    const asked: string[] = [];
    const submitted: TransactionRequest[] = [];
    const state = { placement: CHANNEL as object };
    const ledger = ledgerWithCatalogue(state, asked, submitted);
    const cache = new PlacementCache(ledger, 60_000);
    await submitPlaced(ledger, request(entry), entry, cache);
    state.placement = PROTECTED; // the catalogue changed (e.g. through another gateway)
    await submitPlaced(ledger, request(entry), entry, cache);
    expect(submitted).toHaveLength(3);
    const last = submitted[2];
    expect(last?.args).toEqual([canonicalJson(hashOnlyForm(entry))]);
    expect(last?.args[0]).not.toContain('SECRET');
    expect(utf8Decode(last?.transient?.content ?? new Uint8Array())).toBe(JSON.stringify(entry));
    state.placement = CHANNEL; // and back
    await submitPlaced(ledger, request(entry), entry, cache);
    expect(submitted).toHaveLength(5);
    expect(submitted[4]?.args).toEqual([JSON.stringify(entry)]);
    expect(submitted[4]?.transient).toBeUndefined();
  });

  it('a refusal with another cause stands: no second submit when the fresh answer is the same', async () => {
    const asked: string[] = [];
    const submitted: TransactionRequest[] = [];
    const ledger = ledgerWithCatalogue({ placement: CHANNEL }, asked, submitted);
    ledger.submit = async (req: TransactionRequest) => {
      submitted.push(req);
      throw new LedgerError('endorse', 'PRIVATE_DATA_REQUIRED', 'PRIVATE_DATA_REQUIRED: a person subject needs transient "personal"');
    };
    const cache = new PlacementCache(ledger);
    await expect(submitPlaced(ledger, request(entry), entry, cache)).rejects.toThrow('personal');
    expect(submitted).toHaveLength(1);
    expect(asked).toHaveLength(2); // the cached answer, then the fresh one that confirmed it
  });
});
