/**
 * The explorer's own view of the chain, folded block by block from the gateway's block API, with a checkpoint:
 * the fold is kept in localStorage with the last block it covered, so a reload (or a restart) resumes from
 * checkpoint + 1 instead of re-reading the chain. Keyed by the genesis block's hash so two ledgers never mix.
 *
 * Besides the counters it keeps an index of business ids (credit codes, licence numbers, batch ids, tender ids,
 * record ids) → transaction ids, and every cross-region access record (sharing.recordAccess) with its decision,
 * all read from the chain itself: the records are the signed ones in the transactions' arguments, re-verifiable.
 */
import { chainHeight, getBlock, type BlockView, type TxView } from './api';
import { familyOf, provinceOfMsp } from './util';

export type IdKind = 'credit' | 'licence' | 'batch' | 'tender' | 'record' | 'ref';

export interface AccessEntry {
  txId: string;
  at: string;
  id: string;
  gateway: string;
  reader: string;
  owner: string;
  readerProvince: string;
  ownerProvince: string;
  resourceId: string;
  purpose: string;
  subject?: string;
  allowed: boolean;
  basis: string;
  reason?: string;
  grantId?: string;
}

export interface ChainStats {
  genesis: string;
  checkpoint: number;
  transactions: number;
  byFamily: Record<string, number>;
  byProvince: Record<string, number>;
  byValidation: Record<string, number>;
  /** [block timestamp, block number, tx count] for the most recent blocks. */
  blockTimes: [string, number, number][];
  /** `${kind}|${id}` → txIds. */
  index: Record<string, string[]>;
  access: AccessEntry[];
}

const KEY = 'dtl.stats.v2';
const MAX_TIMES = 2000;
const MAX_ACCESS = 50_000;

function load(genesis: string): ChainStats {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as ChainStats | null;
    if (stored && stored.genesis === genesis) return stored;
  } catch {
    /* start again */
  }
  return { genesis, checkpoint: -1, transactions: 0, byFamily: {}, byProvince: {}, byValidation: {}, blockTimes: [], index: {}, access: [] };
}

function save(stats: ChainStats): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(stats));
  } catch {
    /* quota: keep it in memory only */
  }
}

function parseRecord(tx: TxView): Record<string, unknown> | undefined {
  const first = tx.args[0];
  if (first === undefined || !first.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(first) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function put(stats: ChainStats, kind: IdKind, id: string | undefined, txId: string): void {
  if (!id) return;
  const key = `${kind}|${id}`;
  const list = (stats.index[key] ??= []);
  if (!list.includes(txId)) list.push(txId);
}

/** The business ids a record is found under. */
export function indexRecord(stats: ChainStats, record: Record<string, unknown>, txId: string): void {
  const type = str(record.type) ?? '';
  const family = familyOf(type);
  put(stats, 'record', str(record.id), txId);
  const nested = (name: string): Record<string, unknown> | undefined => (record[name] && typeof record[name] === 'object' ? (record[name] as Record<string, unknown>) : undefined);
  if (family === 'credit') {
    put(stats, 'credit', str(nested('subject')?.creditCode) ?? str(nested('subject')?.idDigest), txId);
    for (const ref of ['entryId', 'repairId']) put(stats, 'ref', str(record[ref]), txId);
  } else if (family === 'licence') {
    put(stats, 'licence', str(record.number), txId);
    put(stats, 'ref', str(nested('holder')?.creditCode), txId);
  } else if (family === 'trace') {
    put(stats, 'batch', str(record.batchId), txId);
    for (const list of ['inputs', 'outputs']) {
      const items = record[list];
      if (Array.isArray(items)) for (const item of items) put(stats, 'batch', str((item as { batchId?: unknown }).batchId), txId);
    }
    put(stats, 'ref', str(nested('producer')?.creditCode), txId);
  } else if (family === 'tender') {
    put(stats, 'tender', str(record.tenderId), txId);
    put(stats, 'ref', str(record.bidderCreditCode) ?? str(nested('bid')?.bidderCreditCode), txId);
  }
}

export function fold(stats: ChainStats, block: BlockView): void {
  if (block.number !== stats.checkpoint + 1) return;
  for (const tx of block.transactions) {
    stats.transactions += 1;
    stats.byValidation[tx.validationCode] = (stats.byValidation[tx.validationCode] ?? 0) + 1;
    if (tx.validationCode !== 'VALID') continue;
    const family = familyOf(tx.contract || 'unknown');
    stats.byFamily[family] = (stats.byFamily[family] ?? 0) + 1;
    const province = provinceOfMsp(tx.creatorMspId) ?? tx.creatorMspId;
    stats.byProvince[province] = (stats.byProvince[province] ?? 0) + 1;
    const record = parseRecord(tx);
    if (!record) continue;
    indexRecord(stats, record, tx.txId);
    if (record.type === 'sharing.access' && stats.access.length < MAX_ACCESS) {
      const receipt = receiptOf(tx);
      const refs = (receipt?.refs ?? {}) as Record<string, unknown>;
      stats.access.push({
        txId: tx.txId,
        at: str(receipt?.committedAt) ?? tx.timestamp,
        id: str(record.id) ?? tx.txId,
        gateway: str(record.department) ?? '',
        reader: str(record.reader) ?? '?',
        owner: str(record.owner) ?? '?',
        readerProvince: str(refs.readerProvince) ?? '?',
        ownerProvince: str(refs.ownerProvince) ?? '?',
        resourceId: str(record.resourceId) ?? '',
        purpose: str(record.purpose) ?? '',
        ...(str(record.subject) ? { subject: str(record.subject) } : {}),
        allowed: refs.allowed === true || refs.allowed === 'true',
        basis: str(refs.basis) ?? '',
        ...(str(refs.reason) ? { reason: str(refs.reason) } : {}),
        ...(str(refs.grantId) ?? str(record.grantId) ? { grantId: str(refs.grantId) ?? str(record.grantId) } : {}),
      });
    }
  }
  stats.blockTimes.push([block.timestamp, block.number, block.transactions.length]);
  if (stats.blockTimes.length > MAX_TIMES) stats.blockTimes.splice(0, stats.blockTimes.length - MAX_TIMES);
  stats.checkpoint = block.number;
}

function receiptOf(tx: TxView): Record<string, unknown> | undefined {
  const payload = tx.events[0]?.payload;
  if (!payload) return undefined;
  try {
    return JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index] as T);
      }
    }),
  );
  return results;
}

let memo: ChainStats | undefined;
let pending: Promise<ChainStats | undefined> | undefined;

/** Bring the fold up to `height` (or the current height), reading only the blocks after the checkpoint. */
export function catchUp(height?: number): Promise<ChainStats | undefined> {
  const run = async (): Promise<ChainStats | undefined> => {
    const genesis = await getBlock(0);
    if (!genesis) return undefined;
    const stats = memo && memo.genesis === genesis.hash ? memo : load(genesis.hash);
    const target = height ?? (await chainHeight());
    const numbers: number[] = [];
    for (let n = stats.checkpoint + 1; n < target; n++) numbers.push(n);
    for (let offset = 0; offset < numbers.length; offset += 64) {
      const blocks = await mapLimit(numbers.slice(offset, offset + 64), 6, (n) => (n === 0 ? Promise.resolve(genesis) : getBlock(n)));
      for (const block of blocks) if (block) fold(stats, block);
    }
    memo = stats;
    if (numbers.length > 0) save(stats);
    return stats;
  };
  const next = (pending ?? Promise.resolve(undefined)).catch(() => undefined).then(run);
  pending = next;
  return next;
}

export function lookup(stats: ChainStats, kind: IdKind, id: string): string[] {
  return stats.index[`${kind}|${id}`] ?? [];
}

export function throughput(stats: ChainStats, windowBlocks = 50): number {
  const recent = stats.blockTimes.slice(-windowBlocks);
  if (recent.length < 2) return 0;
  const first = Date.parse(recent[0]?.[0] ?? '');
  const last = Date.parse(recent[recent.length - 1]?.[0] ?? '');
  const seconds = (last - first) / 1000;
  const txs = recent.slice(1).reduce((sum, [, , count]) => sum + count, 0);
  return seconds > 0 ? txs / seconds : 0;
}
