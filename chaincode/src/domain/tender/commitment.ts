/**
 * Sealed bids and the tender's time windows.
 *
 * Commitment = SM3(canonicalJson(bid) as UTF-8 ‖ salt bytes), hex. The bid is canonical JSON (sorted keys, no
 * whitespace), so bidder, platform and verifier all hash the same bytes; the salt (≥ 16 random bytes) keeps a
 * commitment from being brute-forced over plausible prices before the reveal.
 *
 * Windows (all compared with the transaction time, never the clock):
 * - commit: strictly before bidDeadline, else DEADLINE_PASSED;
 * - reveal: from bidDeadline (TOO_EARLY before) to strictly before revealDeadline (DEADLINE_PASSED after);
 * - draw: from bidDeadline on (the set of bidders, and so the conflicts of interest, is fixed), TOO_EARLY before;
 * - score and evaluate: from revealDeadline on (every bid that will be revealed has been), TOO_EARLY before.
 */
import { bytesToHex, canonicalBytes, concatBytes, hexToBytes, sm3 } from '../../../crypto';
import { fail } from '../../errors';
import { timeOf } from '../../records/fields';
import type { BidContent, CommittedBid, TenderPublishRecord } from './types';

export function bidCommitment(bid: BidContent, saltHex: string): string {
  return bytesToHex(sm3(concatBytes(canonicalBytes(bid), hexToBytes(saltHex))));
}

type Deadlines = Pick<TenderPublishRecord, 'tenderId' | 'bidDeadline' | 'revealDeadline'>;

export function requireCommitWindow(tender: Deadlines, at: string): void {
  if (timeOf(at) >= timeOf(tender.bidDeadline)) fail('DEADLINE_PASSED', `bids for tender ${tender.tenderId} closed at ${tender.bidDeadline}`);
}

export function requireRevealWindow(tender: Deadlines, at: string): void {
  if (timeOf(at) < timeOf(tender.bidDeadline)) fail('TOO_EARLY', `reveals for tender ${tender.tenderId} open at the bid deadline ${tender.bidDeadline}`);
  if (timeOf(at) >= timeOf(tender.revealDeadline)) fail('DEADLINE_PASSED', `reveals for tender ${tender.tenderId} closed at ${tender.revealDeadline}`);
}

export function requireDrawWindow(tender: Deadlines, at: string): void {
  if (timeOf(at) < timeOf(tender.bidDeadline)) fail('TOO_EARLY', `experts for tender ${tender.tenderId} are drawn after the bid deadline ${tender.bidDeadline}`);
}

export function requireScoringWindow(tender: Deadlines, at: string): void {
  if (timeOf(at) < timeOf(tender.revealDeadline)) fail('TOO_EARLY', `tender ${tender.tenderId} is scored after the reveal deadline ${tender.revealDeadline}`);
}

/**
 * Checks a reveal against its commitment: same tender, same bidder, and SM3(bid ‖ salt) equal to the
 * commitment (COMMITMENT_MISMATCH otherwise).
 */
export function checkReveal(committed: CommittedBid, tenderId: string, bid: BidContent, saltHex: string): void {
  if (bid.tenderId !== tenderId) fail('COMMITMENT_MISMATCH', `bid ${committed.bidId} is sealed for tender ${tenderId}, the revealed bid names ${bid.tenderId}`);
  if (bid.bidderCreditCode !== committed.bidderCreditCode) {
    fail('COMMITMENT_MISMATCH', `bid ${committed.bidId} was committed by ${committed.bidderCreditCode}, the revealed bid names ${bid.bidderCreditCode}`);
  }
  if (bidCommitment(bid, saltHex) !== committed.commitment) fail('COMMITMENT_MISMATCH', `bid ${committed.bidId}: SM3(bid ‖ salt) does not equal the commitment`);
}
