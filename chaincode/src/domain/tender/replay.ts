/**
 * Replay (数字见证): given every record of one tender as stored on the ledger, recompute the draw and the
 * result and compare them with what the contract stored. Pure, so the gateway, the explorer's "recompute" and
 * an offline auditor run the same code. Signature checks are the caller's (they need the key registry); this
 * checks everything the tender rules decide.
 */
import { canonicalJson } from '../../../crypto';
import { ChaincodeError } from '../../errors';
import type { StoredRecord } from '../../records/common';
import { timeOf } from '../../records/fields';
import { checkReveal } from './commitment';
import { drawExperts } from './draw';
import { checkAward, evaluateTender } from './evaluate';
import type {
  AwardRecord,
  BidCommitRecord,
  BidRevealRecord,
  CommittedBid,
  EvaluationResult,
  ExpertDraw,
  ExpertScoreRecord,
  RevealedBid,
  TenderPublishRecord,
} from './types';

export interface TenderLedgerRecords {
  readonly tender: StoredRecord<TenderPublishRecord>;
  readonly commits: readonly StoredRecord<BidCommitRecord>[];
  readonly reveals: readonly StoredRecord<BidRevealRecord>[];
  /** The draw record and the draw the contract stored for it. */
  readonly draw?: { readonly stored: StoredRecord; readonly outcome: ExpertDraw };
  readonly scores: readonly StoredRecord<ExpertScoreRecord>[];
  /** The result the contract stored at evaluation. */
  readonly result?: EvaluationResult;
  readonly award?: StoredRecord<AwardRecord>;
}

export interface TenderReplay {
  /** True when nothing below disagrees with the ledger. */
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly draw?: { readonly recomputed: ExpertDraw; readonly matches: boolean };
  readonly result?: { readonly recomputed: EvaluationResult; readonly matches: boolean };
  readonly award?: { readonly bidId: string; readonly rank: number; readonly valid: boolean };
}

export function committedBidOf(stored: StoredRecord<BidCommitRecord>): CommittedBid {
  const r = stored.record;
  return { bidId: r.id, bidderCreditCode: r.bidderCreditCode, bidderName: r.bidderName, commitment: r.commitment, commitTxId: stored.txId, committedAt: stored.committedAt };
}

function attempt<T>(problems: string[], what: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (error) {
    if (!(error instanceof ChaincodeError)) throw error;
    problems.push(`${what}: ${error.message}`);
    return undefined;
  }
}

export function replayTender(records: TenderLedgerRecords): TenderReplay {
  const problems: string[] = [];
  const tender = records.tender.record;
  const { tenderId } = tender;
  const before = (stored: StoredRecord, deadline: string): boolean => timeOf(stored.committedAt) < timeOf(deadline);

  const commits: CommittedBid[] = [];
  for (const stored of records.commits) {
    if (stored.record.tenderId !== tenderId) problems.push(`commit ${stored.record.id} is for tender ${stored.record.tenderId}`);
    else if (!before(stored, tender.bidDeadline)) problems.push(`commit ${stored.record.id} was recorded after the bid deadline`);
    else commits.push(committedBidOf(stored));
  }
  const byBid = new Map(commits.map((c) => [c.bidId, c]));

  const revealed: RevealedBid[] = [];
  for (const stored of records.reveals) {
    const r = stored.record;
    const commit = byBid.get(r.bidId);
    if (commit === undefined) {
      problems.push(`reveal ${r.id} names unknown bid ${r.bidId}`);
      continue;
    }
    if (before(stored, tender.bidDeadline) || !before(stored, tender.revealDeadline)) {
      problems.push(`reveal ${r.id} was recorded outside the reveal window`);
      continue;
    }
    if (revealed.some((x) => x.bidId === r.bidId)) {
      problems.push(`bid ${r.bidId} revealed twice`);
      continue;
    }
    if (attempt(problems, `reveal ${r.id}`, () => (checkReveal(commit, tenderId, r.bid, r.salt), true)) !== true) continue;
    revealed.push({ bidId: r.bidId, bid: r.bid });
  }

  let draw: TenderReplay['draw'];
  if (records.draw !== undefined) {
    const { stored, outcome } = records.draw;
    const recomputed = attempt(problems, 'draw', () => drawExperts(tender, commits, outcome.pool, stored.txId, records.tender.txId));
    if (recomputed !== undefined) {
      const matches = canonicalJson(recomputed) === canonicalJson(outcome);
      if (!matches) problems.push('the stored draw differs from the draw recomputed from the ledger');
      draw = { recomputed, matches };
    }
  }

  const drawn = draw?.recomputed.drawn ?? [];
  const scores = records.scores.filter((stored) => {
    const r = stored.record;
    if (!drawn.includes(r.department)) {
      problems.push(`score ${r.id} is signed by ${r.department}, who was not drawn`);
      return false;
    }
    return true;
  });

  let result: TenderReplay['result'];
  if (records.result !== undefined) {
    const recomputed = attempt(problems, 'evaluation', () =>
      evaluateTender(tender, commits, revealed, drawn, scores.map((s) => ({ bidId: s.record.bidId, expertId: s.record.department, score: s.record.score }))),
    );
    if (recomputed !== undefined) {
      const matches = canonicalJson(recomputed) === canonicalJson(records.result);
      if (!matches) problems.push('the stored result differs from the result recomputed from the ledger');
      result = { recomputed, matches };
    }
  }

  let award: TenderReplay['award'];
  if (records.award !== undefined) {
    const a = records.award.record;
    if (a.department !== tender.awardAuthority) problems.push(`award ${a.id} is signed by ${a.department}, not the award authority ${tender.awardAuthority}`);
    const ranked = result === undefined ? undefined : attempt(problems, `award ${a.id}`, () => checkAward(result.recomputed, a.bidId, a.reason));
    award = { bidId: a.bidId, rank: ranked?.rank ?? 0, valid: ranked !== undefined && a.department === tender.awardAuthority };
  }

  const out: TenderReplay = { ok: problems.length === 0, problems };
  return { ...out, ...(draw && { draw }), ...(result && { result }), ...(award && { award }) };
}
