/**
 * Typed ledger errors (modelled on fabric-gateway's GatewayError family). Chaincode messages start with a
 * stable code (`CODE: detail`); only the message crosses the wire, so the code is parsed back out here.
 */

export type LedgerErrorKind = 'endorse' | 'submit' | 'commit' | 'evaluate' | 'unavailable';

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  /** Stable chaincode error code (e.g. SIGNATURE_INVALID), or a ledger-level code (MVCC_READ_CONFLICT, UNAVAILABLE). */
  readonly code: string;
  readonly kind: LedgerErrorKind;
  readonly txId: string | undefined;
  readonly details: readonly string[];

  constructor(
    kind: LedgerErrorKind,
    code: string,
    message: string,
    options: { txId?: string; details?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = code;
    this.txId = options.txId;
    this.details = options.details ?? [];
  }
}

const CODE_PREFIX = /^([A-Z][A-Z0-9_]{2,63}): /;

/** Splits a chaincode error message "CODE: detail" into its code and detail; messages without one get INTERNAL. */
export function parseChaincodeMessage(message: string): { code: string; detail: string } {
  const match = CODE_PREFIX.exec(message);
  if (!match || match[1] === undefined) return { code: 'CHAINCODE_ERROR', detail: message };
  return { code: match[1], detail: message.slice(match[0].length) };
}
