/**
 * fabric-gateway errors (GatewayError, EndorseError, SubmitError, CommitStatusError) to the port's LedgerError.
 * Only the chaincode's message crosses the wire; the stable code at its start ("CODE: detail") is parsed back out.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { LedgerError, parseChaincodeMessage, type LedgerErrorKind } from '../errors';

interface GatewayErrorLike {
  readonly code: number;
  readonly message: string;
  readonly details: ReadonlyArray<{ readonly address: string; readonly mspId: string; readonly message: string }>;
}

function isGatewayError(error: unknown): error is GatewayErrorLike {
  return (
    error instanceof Error &&
    typeof (error as Partial<GatewayErrorLike>).code === 'number' &&
    Array.isArray((error as Partial<GatewayErrorLike>).details)
  );
}

/** Peers prefix the chaincode's own message: "chaincode response 500, CODE: detail". */
const CHAINCODE_RESPONSE = /chaincode response \d+, ([\s\S]*)$/;
const FAILURE_RESPONSE = /transaction returned with failure: ([\s\S]*)$/;

/** The chaincode's error message inside a gateway error (from the peers' details or the error itself), if any. */
export function chaincodeMessageOf(messages: readonly string[]): string | undefined {
  for (const message of messages) {
    const match = CHAINCODE_RESPONSE.exec(message) ?? FAILURE_RESPONSE.exec(message);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

const FALLBACK_CODE: Readonly<Record<LedgerErrorKind, string>> = {
  endorse: 'ENDORSEMENT_FAILED',
  submit: 'SUBMIT_FAILED',
  commit: 'COMMIT_STATUS_FAILED',
  evaluate: 'EVALUATE_FAILED',
  unavailable: 'UNAVAILABLE',
};

/** Maps anything thrown by fabric-gateway during the given step to a LedgerError. */
export function toLedgerError(kind: LedgerErrorKind, error: unknown, txId?: string): LedgerError {
  if (error instanceof LedgerError) return error;
  if (!isGatewayError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new LedgerError(kind, FALLBACK_CODE[kind], message, { txId, cause: error });
  }
  const details = error.details.map((d) => `${d.mspId}@${d.address}: ${d.message}`);
  const chaincodeMessage = chaincodeMessageOf([...error.details.map((d) => d.message), error.message]);
  if (chaincodeMessage !== undefined) {
    const { code } = parseChaincodeMessage(chaincodeMessage);
    return new LedgerError(kind, code, chaincodeMessage, { txId, details, cause: error });
  }
  if (error.code === GrpcStatus.UNAVAILABLE) {
    return new LedgerError('unavailable', 'UNAVAILABLE', error.message, { txId, details, cause: error });
  }
  if (error.code === GrpcStatus.DEADLINE_EXCEEDED) {
    return new LedgerError('unavailable', 'TIMEOUT', error.message, { txId, details, cause: error });
  }
  const message = details.length > 0 ? `${error.message} (${details.join('; ')})` : error.message;
  return new LedgerError(kind, FALLBACK_CODE[kind], message, { txId, details, cause: error });
}
