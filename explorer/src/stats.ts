/**
 * Chain statistics folded block by block, with a checkpoint: the fold is kept in localStorage with the last
 * block it covered, so a reload (or a restart of the explorer) resumes from checkpoint + 1 instead of
 * re-reading the chain. Keyed by the genesis block's hash so two ledgers never mix.
 */
import { getBlock, type BlockView } from './api';
import { familyOf, provinceOfMsp } from './util';

export interface ChainStats {
  genesis: string;
  checkpoint: number;
  transactions: number;
  byFamily: Record<string, number>;
  byProvince: Record<string, number>;
  byValidation: Record<string, number>;
  /** [block timestamp, block number, tx count] for the most recent blocks. */
  blockTimes: [string, number, number][];
}

const KEY = 'dtl.stats.v1';
const MAX_TIMES = 500;

function load(genesis: string): ChainStats {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as ChainStats | null;
    if (stored && stored.genesis === genesis) return stored;
  } catch {
    /* start again */
  }
  return { genesis, checkpoint: -1, transactions: 0, byFamily: {}, byProvince: {}, byValidation: {}, blockTimes: [] };
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
  }
  stats.blockTimes.push([block.timestamp, block.number, block.transactions.length]);
  if (stats.blockTimes.length > MAX_TIMES) stats.blockTimes.splice(0, stats.blockTimes.length - MAX_TIMES);
  stats.checkpoint = block.number;
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

/** Bring the stats up to `height`, reading only the blocks after the checkpoint. */
export async function catchUp(height: number): Promise<ChainStats | undefined> {
  if (height === 0) return undefined;
  const genesis = await getBlock(0);
  if (!genesis) return undefined;
  const stats = load(genesis.hash);
  const numbers: number[] = [];
  for (let n = stats.checkpoint + 1; n < height; n++) numbers.push(n);
  for (let offset = 0; offset < numbers.length; offset += 64) {
    const slice = numbers.slice(offset, offset + 64);
    const blocks = await mapLimit(slice, 6, (n) => (n === 0 ? Promise.resolve(genesis) : getBlock(n)));
    for (const block of blocks) if (block) fold(stats, block);
  }
  localStorage.setItem(KEY, JSON.stringify(stats));
  return stats;
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
