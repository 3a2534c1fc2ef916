/**
 * Stable error codes. Every error a contract throws starts with `CODE: detail`, because only the message crosses
 * the wire from a Fabric peer; the gateway maps the code to an HTTP status. Codes are stable, details may change.
 * The meaning of each code is documented in chaincode/README.md.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'SIGNATURE_INVALID',
  'KEY_UNKNOWN',
  'KEY_REVOKED',
  'KEY_EXPIRED',
  'REPLAYED',
  'NOT_AUTHORISED',
  'NOT_FOUND',
  'CONFLICT',
  'SUBJECT_BLACKLISTED',
  'GRANT_REQUIRED',
  'DEADLINE_PASSED',
  'TOO_EARLY',
  'COMMITMENT_MISMATCH',
  'PRIVATE_DATA_REQUIRED',
  'INTERNAL',
  // Governance rules (issue 14): each names the rule that refused.
  'TRACE_NOT_CUSTODIAN',
  'TRACE_INSPECTOR_REQUIRED',
  'TRACE_SELF_INSPECTION',
  'TRACE_PRODUCER_NOT_OWN',
  'OUT_OF_JURISDICTION',
  'TENDER_ALREADY_DRAWN',
  'PUBLICITY_PERIOD_NOT_ELAPSED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error whose message starts with a stable code: `NOT_FOUND: licence 310000-2024-000123`. */
export class ChaincodeError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;

  constructor(code: ErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'ChaincodeError';
    this.code = code;
    this.detail = detail;
  }
}

/** Throws a ChaincodeError; typed `never` so it can end an expression. */
export function fail(code: ErrorCode, detail: string): never {
  throw new ChaincodeError(code, detail);
}

/** The code at the start of an error message, if it is one of ours (used by clients and tests). */
export function errorCodeOf(message: string): ErrorCode | undefined {
  const match = /^([A-Z_]+):/.exec(message);
  const code = match?.[1];
  return (ERROR_CODES as readonly string[]).includes(code ?? '') ? (code as ErrorCode) : undefined;
}
