/**
 * The gateway's read model (/api/v1/index): lists, search, audit aggregates and the overview, each answer saying
 * the index height it was computed at. The explorer asks these instead of downloading and folding every block;
 * what it shows of one record or block it still re-verifies itself (verify.ts).
 */
import { enc, getJson } from './api';

export type Cell = string | number | null;
export type IndexRow = Record<string, Cell>;

export interface IndexPage<T = IndexRow> {
  indexHeight: number;
  items: T[];
  nextCursor: string | null;
}

export interface IndexOverview {
  indexHeight: number;
  chainHeight: number;
  counts: Record<string, number>;
  byFamily: Record<string, number>;
  byProvince: Record<string, number>;
  latestBlocks: BlockSummary[];
}

export interface BlockSummary {
  number: number;
  hash: string;
  previousHash: string;
  timestamp: string;
  txCount: number;
  validCount: number;
}

export interface RecordRow {
  recordId: string;
  type: string;
  family: string;
  department: string;
  province: string | null;
  refId: string | null;
  subject: string | null;
  txId: string;
  blockNumber: number;
  txIndex: number;
  committedAt: string;
}

export interface AccessRow {
  recordId: string;
  reader: string;
  readerProvince: string;
  owner: string;
  ownerProvince: string;
  resourceId: string;
  purpose: string;
  allowed: number;
  basis: string;
  reason: string | null;
  grantId: string | null;
  subject: string | null;
  at: string;
  txId: string;
  blockNumber: number;
  txIndex: number;
}

export interface MatrixCell {
  readerProvince: string;
  ownerProvince: string;
  reads: number;
  allowed: number;
  refused: number;
  withGrant: number;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export async function indexOverview(): Promise<IndexOverview | undefined> {
  return getJson<IndexOverview>('/api/v1/index/overview');
}

/** One page of a list family (`credit-entries`, `licences`, `batches`, `tenders`, `blocks`, `records` …). */
export async function indexList<T = IndexRow>(family: string, params: Record<string, string | number | undefined> = {}): Promise<IndexPage<T>> {
  return (await getJson<IndexPage<T>>(`/api/v1/index/${family}${query(params)}`)) ?? { indexHeight: 0, items: [], nextCursor: null };
}

/** Every page of a list, up to `max` rows. */
export async function indexAll<T = IndexRow>(family: string, params: Record<string, string | number | undefined>, max = 2000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await indexList<T>(family, { ...params, limit: 200, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && out.length < max);
  return out;
}

export async function indexSearch(text: string, params: Record<string, string | number | undefined> = {}): Promise<IndexPage> {
  return (await getJson<IndexPage>(`/api/v1/index/search${query({ q: text, ...params })}`)) ?? { indexHeight: 0, items: [], nextCursor: null };
}

export async function accessMatrix(): Promise<MatrixCell[] | undefined> {
  return (await getJson<{ cells: MatrixCell[] }>('/api/v1/index/audit/matrix'))?.cells;
}

export function recordsPath(params: Record<string, string | undefined>): string {
  return `/api/v1/index/records${query(params)}`;
}

export { enc };
