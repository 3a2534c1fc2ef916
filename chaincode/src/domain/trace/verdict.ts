/**
 * The verdict a consumer sees after scanning a batch's QR code.
 * - unknown: no such batch, the check code does not match the ledger, or a record in its chain does not
 *   carry a valid signature from a registered key (the chain cannot be trusted);
 * - recalled: the batch, or a batch it was made from, was recalled;
 * - failed-inspection: the latest inspection of the batch failed (and no passing re-inspection followed);
 * - genuine: otherwise.
 * The order above is the precedence: an unverifiable chain says nothing about recall or inspection.
 */
import type { BatchState } from './types';

export type TraceVerdict = 'genuine' | 'recalled' | 'failed-inspection' | 'unknown';

/** Result of re-checking one stored record's SM2 signature against the signer's registered key. */
export type SignatureStatus = 'valid' | 'invalid' | 'unknown-key';

export interface VerdictInput {
  /** Undefined when the batch is not on the ledger. */
  readonly state: BatchState | undefined;
  /** Whether the scanned check code matches; undefined when the batch was looked up by id alone. */
  readonly checkCodeMatches: boolean | undefined;
  /** Signature status of every record in the chain shown (registration, derivations, events, recalls). */
  readonly signatures: readonly SignatureStatus[];
  /** States of the batch's ancestors. */
  readonly ancestors: readonly BatchState[];
}

export interface VerdictExplained {
  readonly verdict: TraceVerdict;
  readonly reasons: readonly string[];
}

export function traceVerdict(input: VerdictInput): VerdictExplained {
  const { state } = input;
  if (state === undefined) return { verdict: 'unknown', reasons: ['batch not found on the ledger'] };
  if (input.checkCodeMatches === false) return { verdict: 'unknown', reasons: ['check code does not match the ledger (label not issued for this batch)'] };
  const bad = input.signatures.filter((s) => s !== 'valid').length;
  if (bad > 0) return { verdict: 'unknown', reasons: [`${bad} record(s) in the chain without a valid signature`] };
  const recalled = [state, ...input.ancestors].filter((s) => s.recallId !== null);
  if (recalled.length > 0) {
    return { verdict: 'recalled', reasons: recalled.map((s) => `batch ${s.batchId} recalled by ${s.recallId as string}`) };
  }
  if (state.inspection === 'failed') return { verdict: 'failed-inspection', reasons: [`latest inspection of ${state.batchId} failed`] };
  return { verdict: 'genuine', reasons: [] };
}
