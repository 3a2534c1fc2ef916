/**
 * One error model for the HTTP API: every refusal is `{ error: { code, message, details?, requestId } }` with a 4xx
 * status; chaincode codes (README of @dtl/chaincode) map to statuses here and nowhere else.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { LedgerError } from '../ledger/errors';
import { fieldIssuesOf } from './field-issues';
import { publicErrorBody } from './server-errors';

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
  /** The allowed values or field names, from the record's schema (issue 16). */
  readonly allowed?: readonly string[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly FieldIssue[] | Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** Chaincode and ledger error codes → HTTP statuses. */
export const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  INVALID_ARGUMENT: 400,
  PRIVATE_DATA_REQUIRED: 400,
  SIGNATURE_INVALID: 401,
  KEY_UNKNOWN: 401,
  KEY_REVOKED: 401,
  KEY_EXPIRED: 401,
  NOT_AUTHORISED: 403,
  GRANT_REQUIRED: 403,
  NOT_FOUND: 404,
  REPLAYED: 409,
  CONFLICT: 409,
  DEADLINE_PASSED: 409,
  TOO_EARLY: 409,
  MVCC_READ_CONFLICT: 409,
  PHANTOM_READ_CONFLICT: 409,
  DUPLICATE_TXID: 409,
  SUBJECT_BLACKLISTED: 422,
  COMMITMENT_MISMATCH: 422,
  UNAVAILABLE: 503,
  // Governance rules (issue 14)
  TRACE_NOT_CUSTODIAN: 403,
  TRACE_INSPECTOR_REQUIRED: 403,
  TRACE_SELF_INSPECTION: 403,
  TRACE_PRODUCER_NOT_OWN: 403,
  OUT_OF_JURISDICTION: 403,
  TENDER_ALREADY_DRAWN: 409,
  PUBLICITY_PERIOD_NOT_ELAPSED: 409,
};

/** Maps a ledger error to an ApiError; the chaincode's detail (after `CODE: `) is the message. */
export function fromLedgerError(error: LedgerError): ApiError {
  const status = STATUS_OF_CODE[error.code] ?? 500;
  const message = error.message.startsWith(`${error.code}: `) ? error.message.slice(error.code.length + 2) : error.message;
  if (status === 500) return new ApiError(500, 'INTERNAL', 'the ledger failed to process the request', { ledgerCode: error.code });
  // An unavailable ledger's detail is internal (file paths, peer addresses): logged by the error handler, not sent.
  if (status >= 500) return new ApiError(status, error.code, 'the ledger is unavailable; try again later', error.txId === undefined ? undefined : { txId: error.txId });
  // A record the chaincode's validator refused: each bad field with its reason and allowed values (issue 16).
  const issues = error.code === 'INVALID_ARGUMENT' ? fieldIssuesOf(message) : undefined;
  if (issues !== undefined) return new ApiError(status, error.code, message, issues);
  return new ApiError(status, error.code, message, error.txId === undefined ? undefined : { txId: error.txId });
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof LedgerError) return fromLedgerError(error);
  const e = error as { type?: string; status?: number; expose?: boolean; message?: string };
  // body-parser errors: malformed JSON, too large, bad charset.
  if (e.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'request body exceeds the size limit');
  if (e.type === 'entity.parse.failed') return new ApiError(400, 'INVALID_ARGUMENT', 'request body is not valid JSON', [{ field: 'body', message: 'malformed JSON' }]);
  // The router's own refusal of a path segment that is not percent-encoded UTF-8 (`%C0%AE`): a 400, not a 500.
  if (error instanceof URIError && e.status === 400) {
    return new ApiError(400, 'INVALID_ARGUMENT', 'the path is not valid percent-encoded UTF-8', [{ field: 'params', message: 'bad percent-encoding' }]);
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new ApiError(e.status, 'BAD_REQUEST', e.message ?? 'bad request');
  }
  return new ApiError(500, 'INTERNAL', 'internal error');
}

/** The one error handler. 5xx are logged with their cause; 4xx are logged at info. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const api = toApiError(error);
    const requestId = String(res.getHeader('x-request-id') ?? '');
    if (api.status >= 500) logger.error({ err: error, requestId, path: req.path }, 'request failed');
    else logger.info({ requestId, code: api.code, status: api.status, path: req.path }, 'request refused');
    if (res.headersSent) return;
    res.status(api.status).json({ error: { ...publicErrorBody(api), requestId } });
  };
}

export function notFound(what: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `${what} not found`);
}
