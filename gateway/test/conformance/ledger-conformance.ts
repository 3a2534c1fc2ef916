/**
 * The ledger conformance suite: one suite, a factory per ledger (abstract-level's exported test suite pattern).
 * Every stub behaviour the contracts rely on, checked through the Ledger port with the probe contract, and the
 * port's own contract (blocks, transactions, errors); with `productContracts`, every product contract's flow end to end
 * as well (product-flows.ts: credit, licence, trace, sharing, tender). Run it against any `Ledger` whose chaincode includes
 * ProbeContract: `runLedgerConformance('fabric', () => openFabricLedger(...))`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { LedgerError } from '../../src/ledger/errors';
import type { Ledger, LedgerIdentity, TransactionRequest } from '../../src/ledger/ledger';
import { rejection, runProductFlows } from './product-flows';

export interface ConformanceTarget {
  readonly ledger: Ledger;
  /** Releases the ledger and anything the factory set up. */
  close(): Promise<void>;
}

export type ConformanceFactory = () => Promise<ConformanceTarget>;

export interface ConformanceOptions {
  /** The ledger also runs the product's contracts (@dtl/chaincode `contracts`): run their flows end to end. */
  readonly productContracts?: boolean;
}

const CLIENT: LedgerIdentity = { province: 'shanghai', role: 'client' };

function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

function request(transaction: string, args: string[], extra: Partial<TransactionRequest> = {}): TransactionRequest {
  return { identity: CLIENT, contract: 'probe', transaction, args, ...extra };
}

async function evaluateJson<T>(ledger: Ledger, transaction: string, args: string[], extra: Partial<TransactionRequest> = {}): Promise<T> {
  return JSON.parse(Buffer.from(await ledger.evaluate(request(transaction, args, extra))).toString('utf8')) as T;
}

export function runLedgerConformance(name: string, factory: ConformanceFactory, options: ConformanceOptions = {}): void {
  describe(`Ledger conformance: ${name}`, () => {
    let target: ConformanceTarget;
    let ledger: Ledger;
    /** A key prefix unique to this run, so the suite also runs against a long-lived ledger. */
    const run = `cf-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      target = await factory();
      ledger = target.ledger;
    });
    afterAll(async () => {
      await target?.close();
    });

    describe('state', () => {
      it('putState then getState returns the bytes; a missing key is empty bytes, not an error', async () => {
        const key = `${run}/state/a`;
        const committed = await ledger.submit(request('put', [key, 'value-ä-中']));
        expect(committed.validationCode).toBe('VALID');
        expect(await evaluateJson(ledger, 'get', [key])).toEqual({ length: Buffer.byteLength('value-ä-中'), value: 'value-ä-中', isBuffer: true });
        expect(await evaluateJson(ledger, 'get', [`${run}/state/missing`])).toEqual({ length: 0, value: '', isBuffer: true });
      });

      it('deleteState removes the key (reads empty afterwards)', async () => {
        const key = `${run}/state/deleted`;
        await ledger.submit(request('put', [key, 'v']));
        await ledger.submit(request('del', [key]));
        expect(await evaluateJson(ledger, 'get', [key])).toMatchObject({ length: 0 });
      });

      it('a transaction does not read its own writes (reads see committed state, as on Fabric)', async () => {
        const key = `${run}/state/own`;
        await ledger.submit(request('put', [key, 'committed']));
        const committed = await ledger.submit(request('writeThenRead', [key, 'pending']));
        expect(JSON.parse(Buffer.from(committed.result).toString('utf8'))).toEqual({ seen: 'committed' });
        expect(await evaluateJson(ledger, 'get', [key])).toMatchObject({ value: 'pending' });
      });

      it('evaluate never writes and never makes a block', async () => {
        const key = `${run}/state/evaluated`;
        const before = await ledger.height();
        await ledger.evaluate(request('put', [key, 'should-not-persist']));
        expect(await ledger.height()).toBe(before);
        expect(await evaluateJson(ledger, 'get', [key])).toMatchObject({ length: 0 });
      });
    });

    describe('composite keys', () => {
      it('uses Fabric encoding: U+0000 namespace, U+0000 after the type and after every attribute', async () => {
        const out = await evaluateJson<{ key: string; split: unknown }>(ledger, 'compositeKey', ['licence', JSON.stringify(['310000', 'L-001'])]);
        expect(out.key).toBe(hex('\u0000licence\u0000310000\u0000L-001\u0000'));
        expect(out.split).toEqual({ objectType: 'licence', attributes: ['310000', 'L-001'] });
      });

      it('rejects empty object types and attributes as fabric-shim does', async () => {
        const emptyType = await evaluateJson<{ error: string }>(ledger, 'compositeKeyError', ['', '[]']);
        expect(emptyType.error).toBe('object type or attribute not a non-zero length string');
        const emptyAttribute = await evaluateJson<{ error: string }>(ledger, 'compositeKeyError', ['t', JSON.stringify(['a', ''])]);
        expect(emptyAttribute.error).toBe('object type or attribute not a non-zero length string');
      });

      it('getStateByPartialCompositeKey returns matching keys in byte order, and splits them back', async () => {
        const type = `${run}-batch`;
        for (const [attrs, value] of [
          [['anhui', 'b2'], 'v2'],
          [['anhui', 'b1'], 'v1'],
          [['anhui2', 'x'], 'other-prefix'],
          [['jiangsu', 'b9'], 'v9'],
        ] as const) {
          await ledger.submit(request('putComposite', [type, JSON.stringify(attrs), value]));
        }
        const rows = await evaluateJson<Array<{ key: string; value: string; split: { attributes: string[] } }>>(ledger, 'partial', [type, JSON.stringify(['anhui'])]);
        expect(rows.map((row) => row.value)).toEqual(['v1', 'v2']);
        expect(rows.map((row) => row.split.attributes)).toEqual([['anhui', 'b1'], ['anhui', 'b2']]);
        const all = await evaluateJson<Array<{ value: string }>>(ledger, 'partial', [type, '[]']);
        expect(all.map((row) => row.value)).toEqual(['v1', 'v2', 'other-prefix', 'v9']);
      });

      it('range queries on simple keys never return composite keys; a simple key may not start with U+0000', async () => {
        await ledger.submit(request('putComposite', [`${run}-hidden`, JSON.stringify(['a']), 'composite']));
        const rows = await evaluateJson<Array<{ key: string }>>(ledger, 'range', ['', '']);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((row) => !row.key.startsWith('00'))).toBe(true);
        const invalid = await evaluateJson<{ error: string }>(ledger, 'rangeError', ['\u0000x', '']);
        expect(invalid.error).toContain('contains a null character which is not allowed');
      });
    });

    describe('range queries', () => {
      const base = `${run}/range/`;
      const keys = ['b', 'a', 'é', '中', '𝄞', '\uff21', 'a0', 'A'];

      beforeAll(async () => {
        await ledger.submit(request('putMany', [JSON.stringify(keys.map((k) => [`${base}${k}`, k]))]));
      });

      it('returns [start, end) in UTF-8 byte order (not UTF-16 order)', async () => {
        const rows = await evaluateJson<Array<{ key: string; value: string }>>(ledger, 'range', [base, `${run}/range0`]);
        const expected = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(rows.map((row) => row.value)).toEqual(expected);
        // U+FF21 sorts before U+1D11E in UTF-8 but after it in UTF-16.
        expect(expected.indexOf('\uff21')).toBeLessThan(expected.indexOf('𝄞'));
        const bounded = await evaluateJson<Array<{ value: string }>>(ledger, 'range', [`${base}a`, `${base}b`]);
        expect(bounded.map((row) => row.value)).toEqual(['a', 'a0']);
      });

      it('iterates past the 100-result page boundary of the shim protocol', async () => {
        const many = Array.from({ length: 230 }, (_, i) => [`${run}/many/${String(i).padStart(4, '0')}`, String(i)]);
        await ledger.submit(request('putMany', [JSON.stringify(many)]));
        const rows = await evaluateJson<Array<{ value: string }>>(ledger, 'range', [`${run}/many/`, `${run}/many0`]);
        expect(rows.map((row) => Number(row.value))).toEqual(many.map((_, i) => i));
      });

      it('paginates with a bookmark; a paginated query makes the transaction read-only', async () => {
        const first = await evaluateJson<{ keys: string[]; bookmark: string; fetched: number }>(ledger, 'rangePage', [base, `${run}/range0`, '3', '']);
        expect(first.fetched).toBe(3);
        const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(first.keys).toEqual(sorted.slice(0, 3).map((k) => hex(`${base}${k}`)));
        expect(first.bookmark).toBe(hex(`${base}${sorted[3]}`));
        const second = await evaluateJson<{ keys: string[]; bookmark: string }>(ledger, 'rangePage', [
          base,
          `${run}/range0`,
          '100',
          Buffer.from(first.bookmark, 'hex').toString('utf8'),
        ]);
        expect(second.keys).toEqual(sorted.slice(3).map((k) => hex(`${base}${k}`)));
        expect(second.bookmark).toBe('');
        const error = await rejection(ledger.submit(request('pageThenWrite', [base, `${run}/range0`])));
        expect(error.kind).toBe('endorse');
        expect(error.message).toContain('paginated query');
      });

      it('rich queries are not supported on a LevelDB state database', async () => {
        const out = await evaluateJson<{ error: string }>(ledger, 'richQuery', []);
        expect(out.error).toContain('not supported');
      });
    });

    describe('history, events, identity, transient and private data', () => {
      it('getHistoryForKey returns every write and the delete, newest first, with tx ids and timestamps', async () => {
        const key = `${run}/history`;
        const a = await ledger.submit(request('put', [key, 'one']));
        const b = await ledger.submit(request('put', [key, 'two']));
        const c = await ledger.submit(request('del', [key]));
        const history = await evaluateJson<Array<{ txId: string; isDelete: boolean; value: string; seconds: string; nanos: number }>>(ledger, 'history', [key]);
        expect(history.map((h) => [h.txId, h.isDelete, h.value])).toEqual([
          [c.txId, true, ''],
          [b.txId, false, 'two'],
          [a.txId, false, 'one'],
        ]);
        const last = history[2];
        expect(last && new Date(Number(last.seconds) * 1000 + Math.floor(last.nanos / 1e6)).toISOString()).toBe(a.timestamp);
      });

      it('setEvent: the last event of a transaction is delivered with the commit and kept in the block', async () => {
        const committed = await ledger.submit(request('emit', ['RecordWritten', '{"id":"r1"}']));
        expect(committed.events).toEqual([{ contract: 'probe', name: 'RecordWritten', payload: '{"id":"r1"}' }]);
        const view = await ledger.transaction(committed.txId);
        expect(view?.events).toEqual(committed.events);
      });

      it('client identity: MSP id and cryptogen-style DN with the NodeOU of the submitting role', async () => {
        const client = await evaluateJson<{ mspId: string; id: string; creatorMspId: string; channelId: string }>(ledger, 'whoami', []);
        expect(client.mspId).toBe('ShanghaiMSP');
        expect(client.creatorMspId).toBe('ShanghaiMSP');
        expect(client.channelId).toBe('delta');
        expect(client.id).toMatch(/^x509::\/.*OU=client.*::\/.*$/);
        const admin = await evaluateJson<{ mspId: string; id: string }>(ledger, 'whoami', [], { identity: { province: 'zhejiang', role: 'admin' } });
        expect(admin.mspId).toBe('ZhejiangMSP');
        expect(admin.id).toMatch(/OU=admin/);
      });

      it('tx id and timestamp seen by the contract are the ones the ledger records', async () => {
        const committed = await ledger.submit(request('whoamiSubmit', []));
        const seen = JSON.parse(Buffer.from(committed.result).toString('utf8')) as { txId: string; date: string; fcn: string };
        expect(seen.txId).toBe(committed.txId);
        expect(seen.date).toBe(committed.timestamp);
        expect(seen.fcn).toBe('probe:whoamiSubmit');
        const view = await ledger.transaction(committed.txId);
        expect(view).toMatchObject({ txId: committed.txId, timestamp: committed.timestamp, creatorMspId: 'ShanghaiMSP', contract: 'probe', transaction: 'whoamiSubmit' });
      });

      it('private data: value from transient data, readable in its collection, only its SHA-256 on the shared ledger', async () => {
        const key = `${run}/citizen`;
        const secret = '310101199001011234';
        const committed = await ledger.submit(
          request('putPrivate', ['personal-shanghai', key], { transient: { value: Buffer.from(secret, 'utf8') } }),
        );
        const digest = createHash('sha256').update(secret).digest('hex');
        const seen = await evaluateJson<{ value: string; hash: string }>(ledger, 'getPrivate', ['personal-shanghai', key]);
        expect(seen).toEqual({ value: secret, hash: digest });
        const block = await ledger.block(committed.blockNumber);
        expect(JSON.stringify(block)).not.toContain(secret);
        expect(JSON.stringify(await ledger.transaction(committed.txId))).not.toContain(secret);
        const missing = await evaluateJson<{ value: string; hash: string }>(ledger, 'getPrivate', ['personal-shanghai', `${key}-none`]);
        expect(missing).toEqual({ value: '', hash: '' });
      });

      it('private data in an undefined collection fails the endorsement', async () => {
        const error = await rejection(ledger.submit(request('putPrivate', ['personal-mars', 'k'], { transient: { value: Buffer.from('x') } })));
        expect(error.kind).toBe('endorse');
      });
    });

    describe('errors and commit semantics', () => {
      it('a chaincode error rejects with its stable code and writes no block', async () => {
        const before = await ledger.height();
        const error = await rejection(ledger.submit(request('fail', ['SIGNATURE_INVALID: record signature does not verify'])));
        expect(error).toBeInstanceOf(LedgerError);
        expect(error.kind).toBe('endorse');
        expect(error.code).toBe('SIGNATURE_INVALID');
        expect(error.message).toContain('record signature does not verify');
        expect(await ledger.height()).toBe(before);
        const evaluated = await rejection(ledger.evaluate(request('fail', ['NOT_FOUND: no such subject'])));
        expect(evaluated.kind).toBe('evaluate');
        expect(evaluated.code).toBe('NOT_FOUND');
      });

      it('MVCC: of concurrent read-modify-writes of one key, one is valid, the others are recorded invalid and change nothing', async () => {
        const key = `${run}/mvcc`;
        await ledger.submit(request('put', [key, 'v0']));
        const outcomes = await Promise.allSettled(
          ['w1', 'w2', 'w3', 'w4'].map((value) => ledger.submit(request('readThenWrite', [key, value]))),
        );
        const valid = outcomes.filter((o) => o.status === 'fulfilled');
        const invalid = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(valid.length).toBeGreaterThanOrEqual(1);
        expect(invalid.length).toBeGreaterThanOrEqual(1);
        for (const failure of invalid) {
          const error = failure.reason as LedgerError;
          expect(error.code).toBe('MVCC_READ_CONFLICT');
          expect(error.kind).toBe('commit');
          const view = await ledger.transaction(error.txId ?? '');
          expect(view?.validationCode).toBe('MVCC_READ_CONFLICT');
        }
        const winner = valid[0] as PromiseFulfilledResult<{ txId: string }>;
        const history = await evaluateJson<Array<{ txId: string }>>(ledger, 'history', [key]);
        expect(history.map((h) => h.txId)).toContain(winner.value.txId);
        expect(history).toHaveLength(1 + valid.length);
      });

      it('phantom reads: a range read invalidated by a concurrent insert into the range is not committed', async () => {
        const prefix = `${run}/phantom/`;
        await ledger.submit(request('put', [`${prefix}a`, '1']));
        const outcomes = await Promise.allSettled([
          ledger.submit(request('countRangeThenWrite', [prefix, `${run}/phantom0`, `${run}/phantom-count`])),
          ledger.submit(request('put', [`${prefix}b`, '2'])),
        ]);
        const counted = outcomes[0];
        if (counted?.status === 'rejected') {
          expect((counted.reason as LedgerError).code).toBe('PHANTOM_READ_CONFLICT');
        } else {
          // Ordered before the insert: it saw one key and committed.
          expect(JSON.parse(Buffer.from(counted?.value.result ?? []).toString('utf8'))).toEqual({ count: 1 });
        }
        expect(outcomes[1]?.status).toBe('fulfilled');
      });
    });

    describe('blocks', () => {
      it('blocks are numbered, hash-linked, and hold every transaction with its validation code', async () => {
        const committed = await ledger.submit(request('put', [`${run}/blocks`, 'x']));
        const height = await ledger.height();
        expect(committed.blockNumber).toBeLessThan(height);
        const block = await ledger.block(committed.blockNumber);
        expect(block?.hash).toBe(committed.blockHash);
        expect(block?.transactions.some((tx) => tx.txId === committed.txId && tx.validationCode === 'VALID')).toBe(true);
        if (committed.blockNumber > 0) {
          const previous = await ledger.block(committed.blockNumber - 1);
          expect(block?.previousHash).toBe(previous?.hash);
        }
        expect(await ledger.block(height)).toBeUndefined();
        expect(await ledger.transaction('no-such-tx')).toBeUndefined();
      });

      it('blocks(from) replays committed blocks then follows new ones until aborted', async () => {
        const start = await ledger.height();
        const controller = new AbortController();
        const seen: number[] = [];
        const reader = (async (): Promise<void> => {
          for await (const block of ledger.blocks(Math.max(0, start - 1), controller.signal)) {
            seen.push(block.number);
            if (block.number >= start) controller.abort();
          }
        })();
        await ledger.submit(request('put', [`${run}/follow`, 'y']));
        await reader;
        expect(seen[0]).toBe(Math.max(0, start - 1));
        expect(seen[seen.length - 1]).toBeGreaterThanOrEqual(start);
      });
    });

    (options.productContracts ? describe : describe.skip)('product contracts end to end', () => {
      const departmentId = `sh-${run}`;
      const key = sm2GenerateKeyPair();
      const registration = JSON.stringify(
        signRecord(
          {
            type: 'department.register',
            id: `reg-${departmentId}`,
            department: departmentId,
            nameZh: '上海市市场监督管理局（一致性测试）',
            nameEn: 'Shanghai Administration for Market Regulation (conformance)',
            province: 'shanghai',
            city: 'shanghai',
            tier: 'province',
            roles: ['regulator'],
            key: { keyId: `${departmentId}#1`, publicKey: bytesToHex(key.publicKey), validFrom: '2020-01-01T00:00:00Z' },
          },
          { privateKey: key.privateKey, keyId: `${departmentId}#1` },
        ),
      );

      it('department registry: a client identity may not register a department', async () => {
        const error = await rejection(
          ledger.submit({ identity: { province: 'shanghai', role: 'client' }, contract: 'department', transaction: 'register', args: [registration] }),
        );
        expect(error.kind).toBe('endorse');
        expect(error.code).not.toBe('CHAINCODE_ERROR');
      });

      it('department registry: the province admin registers a signed department record; a replay is refused', async () => {
        const committed = await ledger.submit({
          identity: { province: 'shanghai', role: 'admin' },
          contract: 'department',
          transaction: 'register',
          args: [registration],
        });
        expect(committed.validationCode).toBe('VALID');
        const view = await ledger.transaction(committed.txId);
        expect(view).toMatchObject({ contract: 'department', transaction: 'register', creatorMspId: 'ShanghaiMSP', validationCode: 'VALID' });
        const replay = await rejection(
          ledger.submit({ identity: { province: 'shanghai', role: 'admin' }, contract: 'department', transaction: 'register', args: [registration] }),
        );
        expect(replay.kind).toBe('endorse');
        expect(replay.code).not.toBe('CHAINCODE_ERROR');
      });

      // Every contract's flow end to end: credit, licence, trace, sharing, tender (product-flows.ts).
      runProductFlows(() => ledger, run);
    });
  });
}
