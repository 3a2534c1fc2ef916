/**
 * Verification on the public pages, with the audit explorer's own modules: every record is checked in this browser
 * against the trust bundle the reader pinned (verify-anchored.ts, the same checks as `dtl verify --trust`), never
 * on the server's word. Without a pin the answer is "not verified" (grey), never green. Loaded after the first view
 * (it brings the SM2/SM3 code), so the page shows its content first and its verdicts when they are computed.
 */
import type { Proof } from '../../../gateway/src/proof/types';
import { checkRecordSignature, type SignatureStatus } from '../verify';
import { rememberProofs } from '../verify-anchored';
import { trustPanel } from '../trust-anchor';

export { trustPanel };

/** Checks each proof's record against the pinned bundle; statuses in the order given. */
export async function verifyProofs(proofs: readonly Proof[]): Promise<SignatureStatus[]> {
  rememberProofs(proofs);
  return Promise.all(proofs.map((proof) => checkRecordSignature(proof.record, proof.txId)));
}
