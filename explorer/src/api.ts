/**
 * The explorer's only way to the ledger: the gateway's HTTP API (/api/v1). Reads go with a read-only auditor
 * token (never an admin's, never a signing key); the token comes from ?token=, else the stored one.
 * Response shapes are read tolerantly (`pick`) so that the explorer degrades instead of breaking when an
 * endpoint is missing (404/501 → `undefined`).
 */
export interface TxView {
  txId: string;
  blockNumber: number;
  index: number;
  validationCode: string;
  creatorMspId: string;
  timestamp: string;
  contract: string;
  transaction: string;
  args: string[];
  events: { contract: string; name: string; payload: string }[];
}

export interface BlockView {
  number: number;
  previousHash: string;
  dataHash: string;
  metadataHash?: string;
  hash: string;
  hashAlgorithm: 'sm3' | 'sha256';
  timestamp: string;
  transactions: TxView[];
  signature?: { algorithm: string; signer: string; value: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function initialToken(): string | null {
  const fromQuery = new URLSearchParams(location.search).get('token');
  if (fromQuery) {
    localStorage.setItem('dtl.token', fromQuery);
    return fromQuery;
  }
  return localStorage.getItem('dtl.token');
}

/** Read lazily (the module is also loaded by unit tests outside a browser). */
let token: string | null | undefined;

function currentToken(): string | null {
  if (token === undefined) token = initialToken();
  return token;
}

/** The purpose the explorer states for every authenticated read. */
export const AUDIT_PURPOSE = 'audit: Delta Trust Ledger explorer';

export function auditorToken(): string | null {
  return currentToken();
}

export function setAuditorToken(next: string | null): void {
  token = next;
  if (next) localStorage.setItem('dtl.token', next);
  else localStorage.removeItem('dtl.token');
}

/** GET a JSON resource; undefined on 404 / 501 (absent resource or endpoint). */
export async function getJson<T = unknown>(path: string, options: { public?: boolean } = {}): Promise<T | undefined> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const bearer = currentToken();
  if (bearer && !options.public) {
    headers.authorization = `Bearer ${bearer}`;
    // Cross-region reads are recorded on the ledger with their purpose (谁使用 谁负责).
    headers['x-dtl-purpose'] = AUDIT_PURPOSE;
  }
  const response = await fetch(path, { headers });
  if (response.status === 404 || response.status === 501 || response.status === 405) return undefined;
  const text = await response.text();
  let body: unknown;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    if (!response.ok) throw new ApiError(response.status, text.slice(0, 200));
    // An HTML fallback page instead of JSON means the endpoint does not exist.
    return undefined;
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } | string; message?: string } | undefined);
    const detail = typeof message?.error === 'string' ? message.error : message?.error?.message ?? message?.message ?? response.statusText;
    throw new ApiError(response.status, `${response.status} ${detail}`);
  }
  return body as T;
}

/** First of several candidate paths that answers (endpoints named slightly differently by gateway versions). */
export async function getFirst<T = unknown>(paths: readonly string[], options: { public?: boolean } = {}): Promise<T | undefined> {
  for (const path of paths) {
    const value = await getJson<T>(path, options);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Unwrap `{ data: x }`, `{ items: x }` and similar envelopes. */
export function pick<T>(body: unknown, ...keys: string[]): T | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object') return body as T;
  for (const key of keys) {
    const value = (body as Record<string, unknown>)[key];
    if (value !== undefined) return value as T;
  }
  return body as T;
}

export function enc(value: string | number): string {
  return encodeURIComponent(String(value));
}

export async function health(): Promise<{ ok: boolean; body: unknown }> {
  try {
    const response = await fetch('/healthz');
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* plain text */
    }
    return { ok: response.ok, body };
  } catch {
    return { ok: false, body: undefined };
  }
}

function asBlock(value: unknown): BlockView | undefined {
  const block = pick<BlockView>(value, 'block', 'data');
  return block && typeof block.number === 'number' ? block : undefined;
}

export async function getBlock(number: number): Promise<BlockView | undefined> {
  return asBlock(await getJson(`/api/v1/blocks/${enc(number)}`));
}

export async function getTransaction(txId: string): Promise<{ tx: TxView; record?: unknown; raw: unknown } | undefined> {
  const body = await getJson<Record<string, unknown>>(`/api/v1/transactions/${enc(txId)}`);
  if (!body) return undefined;
  const tx = typeof body.txId === 'string' ? (body as unknown as TxView) : pick<TxView>(body, 'tx', 'data');
  if (!tx || typeof tx.txId !== 'string') return undefined;
  return { tx, record: body.record, raw: body };
}

export async function chainHeight(): Promise<number> {
  const body = await getJson<{ height?: number }>('/api/v1/blocks?limit=1');
  return typeof body?.height === 'number' ? body.height : 0;
}
