import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import type { StoredTransaction } from './block';
import { prepareBlock, type EndorsedTransaction } from './committer';
import { encodeVersioned, stateKey, type Version } from './layout';
import type { KeyWrite, RangeQueryInfo } from './rwset';
import { RecentWrites } from './recent-writes';
import { LedgerStore } from './store';

// Keys whose UTF-16 order differs from their UTF-8 (byte) order: U+FFFD sorts after U+1F600 in UTF-16 (0xFFFD > 0xD83D)
// but before it in UTF-8 (EF BF BD < F0 9F 98 80). Fabric, LevelDB and the validator use byte order.
const BMP_HIGH = 'k\uFFFD';
const ASTRAL = 'k\u{1F600}';
const CJK = 'k六安';
const COMMITTED: Version = { block: 0, tx: 0 };

const keys = sm2GenerateKeyPair();
const signer = { privateKey: keys.privateKey, publicKey: keys.publicKey, fingerprint: 'test' };
let dir: string;
let store: LedgerStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dtl-committer-'));
  store = await LedgerStore.open(join(dir, 'db'));
  await store.commitBatch(
    [CJK, BMP_HIGH, ASTRAL, 'k0', 'z'].map((key) => ({ type: 'put' as const, key: stateKey(key), value: encodeVersioned(COMMITTED, Buffer.from('v')) })),
    true,
  );
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function tx(n: number, rangeQueries: RangeQueryInfo[], writes: KeyWrite[] = [], readHeight?: number): EndorsedTransaction {
  const stored: StoredTransaction = {
    txId: `tx-${n}`,
    timestamp: { seconds: 1, nanos: 0 },
    creatorMspId: 'AnhuiMSP',
    contract: 'c',
    transaction: 't',
    args: [],
    result: '',
    rwset: { reads: [], rangeQueries, writes, hashedReads: [], hashedWrites: [] },
  };
  return { tx: stored, privateWrites: [], ...(readHeight === undefined ? {} : { readHeight }) };
}

const seen = (...list: string[]): RangeQueryInfo['results'] => list.map((key) => ({ key, version: COMMITTED }));

async function codes(...batch: EndorsedTransaction[]): Promise<string[]> {
  const { block } = await prepareBlock(store, 1, '', batch, signer);
  return [...block.validationCodes];
}

/** Validates `batch` as block 1 with the recent-writes log, counting the range queries re-executed on LevelDB. */
async function codesWithRecent(recent: RecentWrites, ...batch: EndorsedTransaction[]): Promise<{ codes: string[]; reexecuted: number }> {
  const original = store.stateCursor.bind(store);
  let reexecuted = 0;
  const spy = jest.spyOn(store, 'stateCursor').mockImplementation((start, end) => {
    reexecuted++;
    return original(start, end);
  });
  try {
    const { block } = await prepareBlock(store, 1, '', batch, signer, recent);
    return { codes: [...block.validationCodes], reexecuted };
  } finally {
    spy.mockRestore();
  }
}

describe('committer: phantom-read validation re-executes range queries in byte order', () => {
  it('an exhausted range that still returns what it returned is valid, with non-ASCII keys in UTF-8 order', async () => {
    // ["k", "k\uFFFF"): k0, k六安 (E5 85 AD ...), k\uFFFD (EF BF BD), not k\u{1F600} (F0 ...) and not z.
    expect(await codes(tx(0, [{ startKey: 'k', endKey: 'k\uFFFF', exhausted: true, results: seen('k0', CJK, BMP_HIGH) }]))).toEqual(['VALID']);
    // Open end: everything from "k" on.
    expect(await codes(tx(0, [{ startKey: 'k', endKey: '', exhausted: true, results: seen('k0', CJK, BMP_HIGH, ASTRAL, 'z') }]))).toEqual(['VALID']);
  });

  it('a key the range missed, or an extra one, is a phantom', async () => {
    expect(await codes(tx(0, [{ startKey: 'k', endKey: 'k\uFFFF', exhausted: true, results: seen('k0', BMP_HIGH) }]))).toEqual(['PHANTOM_READ_CONFLICT']);
    expect(await codes(tx(0, [{ startKey: 'k', endKey: 'k\uFFFF', exhausted: true, results: seen('k0', CJK, BMP_HIGH, ASTRAL) }]))).toEqual([
      'PHANTOM_READ_CONFLICT',
    ]);
  });

  it('a range not read to its end is checked up to its last result only', async () => {
    expect(await codes(tx(0, [{ startKey: 'k', endKey: '', exhausted: false, results: seen('k0', CJK) }]))).toEqual(['VALID']);
    expect(await codes(tx(0, [{ startKey: 'k', endKey: '', exhausted: false, results: seen('k0', CJK, BMP_HIGH) }]))).toEqual(['VALID']);
    expect(await codes(tx(0, [{ startKey: 'k', endKey: '', exhausted: false, results: seen('k0', BMP_HIGH) }]))).toEqual(['PHANTOM_READ_CONFLICT']);
  });

  it("an earlier valid transaction's write into the range invalidates a later range read of the same block", async () => {
    const range: RangeQueryInfo = { startKey: 'k', endKey: 'k\uFFFF', exhausted: true, results: seen('k0', CJK, BMP_HIGH) };
    expect(await codes(tx(0, [], [{ key: 'k\u00e9', isDelete: false, value: 'dg==' }]), tx(1, [range]))).toEqual(['VALID', 'PHANTOM_READ_CONFLICT']);
    // A write outside the range (after it in byte order) does not.
    expect(await codes(tx(0, [], [{ key: `${ASTRAL}x`, isDelete: false, value: 'dg==' }]), tx(1, [range]))).toEqual(['VALID', 'VALID']);
    // A delete inside it does.
    expect(await codes(tx(0, [], [{ key: CJK, isDelete: true }]), tx(1, [range]))).toEqual(['VALID', 'PHANTOM_READ_CONFLICT']);
  });
});

describe('committer: phantom validation from the recent-writes log', () => {
  const range: RangeQueryInfo = { startKey: 'k', endKey: 'k\uFFFF', exhausted: true, results: seen('k0', CJK, BMP_HIGH) };
  const stale: RangeQueryInfo = { startKey: 'k', endKey: 'k\uFFFF', exhausted: true, results: seen('k0', BMP_HIGH) };

  it('a range no block touched since its read height is valid without re-executing it', async () => {
    const recent = new RecentWrites();
    recent.record(0, [`${ASTRAL}x`, 'a']);
    expect(await codesWithRecent(recent, tx(0, [range], [], 0))).toEqual({ codes: ['VALID'], reexecuted: 0 });
  });

  it('a block that wrote into the range since the read height sends it to re-execution, which decides as before', async () => {
    const recent = new RecentWrites();
    recent.record(0, ['k\u00e9']);
    // The log says "maybe changed"; the database (which holds k0, CJK, BMP_HIGH) says this read is still what it was.
    expect(await codesWithRecent(recent, tx(0, [range], [], 0))).toEqual({ codes: ['VALID'], reexecuted: 1 });
    // and that this one missed CJK.
    expect(await codesWithRecent(recent, tx(0, [stale], [], 0))).toEqual({ codes: ['PHANTOM_READ_CONFLICT'], reexecuted: 1 });
  });

  it('a stale read with an untouched range can only come from a read height the log does not cover: re-executed', async () => {
    const recent = new RecentWrites();
    // Block 0 is not in the log (as after a restart): the committer cannot vouch for anything read below height 1.
    expect(await codesWithRecent(recent, tx(0, [stale], [], 0))).toEqual({ codes: ['PHANTOM_READ_CONFLICT'], reexecuted: 1 });
    // No read height (an older caller): re-executed too.
    expect(await codesWithRecent(recent, tx(0, [stale]))).toEqual({ codes: ['PHANTOM_READ_CONFLICT'], reexecuted: 1 });
  });

  it("an earlier transaction of the same block writing into the range still invalidates a later range read", async () => {
    const recent = new RecentWrites();
    recent.record(0, []);
    expect(await codesWithRecent(recent, tx(0, [], [{ key: 'k\u00e9', isDelete: false, value: 'dg==' }], 0), tx(1, [range], [], 0))).toEqual({
      codes: ['VALID', 'PHANTOM_READ_CONFLICT'],
      reexecuted: 1,
    });
    expect(await codesWithRecent(recent, tx(0, [], [{ key: `${ASTRAL}x`, isDelete: false, value: 'dg==' }], 0), tx(1, [range], [], 0))).toEqual({
      codes: ['VALID', 'VALID'],
      reexecuted: 0,
    });
  });
});
