/**
 * The evaluation result (综合评估法), computed from the revealed bids and the drawn experts' scores:
 *
 * - valid bids: committed, revealed, price ≤ ceilingPrice; the others are listed with their reason;
 * - at least MIN_VALID_BIDS valid bids, else CONFLICT (流标: the tender is re-run);
 * - every drawn expert must have scored every valid bid, else CONFLICT (evaluation incomplete);
 * - price score   = priceWeight × lowest valid price / price, in centi-points, rounded half up
 *   (the lowest valid price gets the full price points);
 * - technical     = technicalWeight × mean of the experts' scores / 100, in centi-points, rounded half up;
 *   with 5 or more experts the single highest and single lowest score are dropped first;
 * - total         = price score + technical score;
 * - ranking       = total desc, then technical desc, then price asc, then earlier commitment, then bid id;
 * - recommended   = the first (at most) three: the award authority chooses among them (评定分离).
 * Integer arithmetic throughout (BigInt for price products), so every verifier gets the same numbers.
 */
import { fail } from '../../errors';
import { timeOf } from '../../records/fields';
import type { CommittedBid, EvaluationResult, ExpertScore, InvalidBidReason, RankedBid, RevealedBid, TenderPublishRecord } from './types';

export const MIN_VALID_BIDS = 3;
export const RECOMMENDED_CANDIDATES = 3;
/** With this many experts or more, the highest and the lowest score are dropped. */
export const TRIM_FROM = 5;

/** round(numerator / denominator) half up, for non-negative BigInts. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

export function priceScore(priceWeight: number, lowest: number, price: number): number {
  return Number(roundHalfUp(BigInt(priceWeight) * 100n * BigInt(lowest), BigInt(price)));
}

/** Technical score (centi-points) from the experts' scores (centi-points), and the experts dropped. */
export function technicalScore(technicalWeight: number, scores: readonly { expertId: string; score: number }[]): { score: number; dropped: string[] } {
  if (scores.length === 0) fail('CONFLICT', 'no expert scores');
  const sorted = [...scores].sort((a, b) => a.score - b.score || (a.expertId < b.expertId ? -1 : 1));
  const kept = sorted.length >= TRIM_FROM ? sorted.slice(1, -1) : sorted;
  const dropped = sorted.length >= TRIM_FROM ? [(sorted[0] as { expertId: string }).expertId, (sorted[sorted.length - 1] as { expertId: string }).expertId] : [];
  const sum = kept.reduce((total, s) => total + s.score, 0);
  return { score: Number(roundHalfUp(BigInt(technicalWeight) * BigInt(sum), 100n * BigInt(kept.length))), dropped };
}

export function evaluateTender(
  tender: Pick<TenderPublishRecord, 'tenderId' | 'ceilingPrice' | 'criteria'>,
  committed: readonly CommittedBid[],
  revealed: readonly RevealedBid[],
  drawn: readonly string[],
  scores: readonly ExpertScore[],
): EvaluationResult {
  const reveals = new Map(revealed.map((r) => [r.bidId, r.bid]));
  const invalid: Array<{ bidId: string; bidderCreditCode: string; reason: InvalidBidReason }> = [];
  const valid: Array<{ commit: CommittedBid; price: number }> = [];
  for (const commit of [...committed].sort((a, b) => (a.bidId < b.bidId ? -1 : 1))) {
    const bid = reveals.get(commit.bidId);
    if (bid === undefined) invalid.push({ bidId: commit.bidId, bidderCreditCode: commit.bidderCreditCode, reason: 'not-revealed' });
    else if (bid.price > tender.ceilingPrice) invalid.push({ bidId: commit.bidId, bidderCreditCode: commit.bidderCreditCode, reason: 'above-ceiling-price' });
    else valid.push({ commit, price: bid.price });
  }
  if (valid.length < MIN_VALID_BIDS) fail('CONFLICT', `tender ${tender.tenderId} has ${valid.length} valid bid(s), fewer than ${MIN_VALID_BIDS} (流标)`);

  const drawnSet = new Set(drawn);
  const byBid = new Map<string, Map<string, number>>();
  for (const s of scores) {
    if (!drawnSet.has(s.expertId)) fail('CONFLICT', `expert ${s.expertId} scored bid ${s.bidId} but was not drawn`);
    const perBid = byBid.get(s.bidId) ?? new Map<string, number>();
    if (perBid.has(s.expertId)) fail('CONFLICT', `expert ${s.expertId} scored bid ${s.bidId} twice`);
    perBid.set(s.expertId, s.score);
    byBid.set(s.bidId, perBid);
  }

  const lowest = Math.min(...valid.map((v) => v.price));
  const rows = valid.map(({ commit, price }) => {
    const perBid = byBid.get(commit.bidId) ?? new Map<string, number>();
    const missing = drawn.filter((e) => !perBid.has(e));
    if (missing.length > 0) fail('CONFLICT', `evaluation incomplete: bid ${commit.bidId} lacks scores from ${missing.join(', ')}`);
    const expertScores = [...perBid.entries()].map(([expertId, score]) => ({ expertId, score })).sort((a, b) => (a.expertId < b.expertId ? -1 : 1));
    const technical = technicalScore(tender.criteria.technicalWeight, expertScores);
    const priced = priceScore(tender.criteria.priceWeight, lowest, price);
    return {
      commit,
      row: {
        bidId: commit.bidId,
        bidderCreditCode: commit.bidderCreditCode,
        bidderName: commit.bidderName,
        price,
        priceScore: priced,
        technicalScore: technical.score,
        totalScore: priced + technical.score,
        expertScores,
        dropped: technical.dropped,
      },
    };
  });
  rows.sort(
    (a, b) =>
      b.row.totalScore - a.row.totalScore ||
      b.row.technicalScore - a.row.technicalScore ||
      a.row.price - b.row.price ||
      timeOf(a.commit.committedAt) - timeOf(b.commit.committedAt) ||
      (a.row.bidId < b.row.bidId ? -1 : 1),
  );
  const ranking: RankedBid[] = rows.map((r, i) => ({ rank: i + 1, ...r.row }));
  return {
    tenderId: tender.tenderId,
    method: 'dtl-comprehensive-v1',
    lowestValidPrice: lowest,
    ranking,
    invalid,
    recommended: ranking.slice(0, RECOMMENDED_CANDIDATES).map((r) => r.bidId),
  };
}

/**
 * The award rule: the chosen bid must be one of the recommended candidates; choosing other than the first
 * needs a written reason (定标理由). Black-listing is checked by the contract (it needs the credit registry).
 */
export function checkAward(result: EvaluationResult, bidId: string, reason: string | undefined): RankedBid {
  const index = result.recommended.indexOf(bidId);
  if (index < 0) fail('CONFLICT', `bid ${bidId} is not among the recommended candidates ${result.recommended.join(', ')}`);
  if (index > 0 && (reason === undefined || reason.trim() === '')) fail('INVALID_ARGUMENT', `reason: is required when awarding candidate ${index + 1} instead of the first`);
  const ranked = result.ranking.find((r) => r.bidId === bidId);
  if (ranked === undefined) fail('INTERNAL', `recommended bid ${bidId} missing from the ranking`);
  return ranked;
}
