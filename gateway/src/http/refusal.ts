/**
 * A write the chaincode refused but committed (joint punishment: the refusal is itself a feedback record). The
 * receipt's refs carry `refused` (the stable code), `reason` and `feedbackId`; the gateway answers it as a refusal.
 */
export interface CommittedRefusal {
  readonly code: string;
  readonly reason: string;
  readonly feedbackId: string;
}

export function refusalOf(receipt: Record<string, unknown>): CommittedRefusal | undefined {
  const refs = receipt.refs as Record<string, unknown> | undefined;
  if (refs === undefined || typeof refs.refused !== 'string') return undefined;
  return { code: refs.refused, reason: typeof refs.reason === 'string' ? refs.reason : refs.refused, feedbackId: typeof refs.feedbackId === 'string' ? refs.feedbackId : '' };
}
