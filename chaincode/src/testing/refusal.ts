/** Reads a contract test's outcome as a refusal: a thrown error's code, or a committed refusal (joint punishment). */
import type { InvokeResult } from './harness';

export interface Refusal {
  readonly code: string | undefined;
  /** The refusal's detail: the error message, or the committed refusal's reason. */
  readonly message: string;
  /** Set when the refusal committed (with its feedback record). */
  readonly feedbackId?: string;
  readonly committed: boolean;
}

export function refusalOf(result: InvokeResult): Refusal {
  if (result.status !== 200) return { code: result.code, message: result.message, committed: false };
  const refs = (JSON.parse(result.payload) as { refs?: { refused?: string; reason?: string; feedbackId?: string } }).refs ?? {};
  return { code: refs.refused, message: refs.reason ?? '', committed: true, ...(refs.feedbackId === undefined ? {} : { feedbackId: refs.feedbackId }) };
}
