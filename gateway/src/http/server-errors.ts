/**
 * What a 5xx answer may say: the one place that decides it. A server-side failure's own message (a LevelDB path,
 * `IO error: …/000026.log: File too large`, a peer address, a stack) is for the log, never for the client: the body
 * carries the code and a fixed sentence for it, and only details that are identifiers the client already holds
 * (txId) or the stable ledger code.
 */
import type { ApiError } from './errors';

const PUBLIC_MESSAGE: Readonly<Record<string, string>> = {
  UNAVAILABLE: 'the ledger is unavailable; try again later',
  ACCESS_RECORD_UNAVAILABLE: 'the access record could not be written, so the read is refused; try again later',
  NOT_IMPLEMENTED: 'this operation is not deployed on the ledger',
  INTERNAL: 'internal error',
};

const SAFE_DETAIL = /^[A-Za-z0-9._:#-]{1,128}$/;
const SAFE_DETAIL_KEYS = ['txId', 'ledgerCode'] as const;

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

/** The body of a refusal: a 4xx as the code built it; a 5xx reduced to its code, a fixed message and safe details. */
export function publicErrorBody(error: ApiError): ErrorBody {
  if (error.status < 500) return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  const code = /^[A-Z][A-Z0-9_]{0,63}$/.test(error.code) ? error.code : 'INTERNAL';
  const details: Record<string, string> = {};
  if (error.details !== undefined && !Array.isArray(error.details)) {
    const source = error.details as Readonly<Record<string, unknown>>;
    for (const key of SAFE_DETAIL_KEYS) {
      const value = source[key];
      if (typeof value === 'string' && SAFE_DETAIL.test(value)) details[key] = value;
    }
  }
  return { code, message: PUBLIC_MESSAGE[code] ?? (error.status === 503 ? PUBLIC_MESSAGE.UNAVAILABLE ?? '' : 'internal error'), ...(Object.keys(details).length > 0 ? { details } : {}) };
}
