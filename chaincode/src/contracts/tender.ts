import { Context, Contract, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { hasAnyRole, keyStatusAt } from '../domain/department/rules';
import { ROLES, type Department } from '../domain/department/types';
import { checkReveal, requireCommitWindow, requireDrawWindow, requireRevealWindow, requireScoringWindow } from '../domain/tender/commitment';
import { drawExperts } from '../domain/tender/draw';
import { checkAward, evaluateTender } from '../domain/tender/evaluate';
import { replayTender, type TenderLedgerRecords } from '../domain/tender/replay';
import type {
  AwardRecord,
  BidCommitRecord,
  BidRevealRecord,
  ExpertCandidate,
  ExpertScoreRecord,
  TenderPublishRecord,
} from '../domain/tender/types';
import {
  validateAward,
  validateBidCommit,
  validateBidReveal,
  validateEvaluate,
  validateExpertDraw,
  validateExpertProfile,
  validateExpertScore,
  validateTenderPublish,
} from '../domain/tender/validate';
import { fail } from '../errors';
import { timeOf } from '../records/fields';
import type { RecordBase, StoredRecord } from '../records/common';
import { submitRecord } from '../records/pipeline';
import { listDepartments, loadDepartment } from '../store/departments';
import { Store } from '../store/store';
import { jointPunishmentRefusal } from './joint-punishment';
import { resultJson } from './json';
import {
  TENDER_KEYS,
  listBids,
  listScores,
  mustLoadTender,
  type AwardEntry,
  type BidEntry,
  type DrawEntry,
  type ExpertProfileEntry,
  type ResultEntry,
  type ScoreEntry,
  type TenderEntry,
} from './tender-store';

function requirePublisher(tender: TenderEntry, department: Department, action: string): void {
  if (tender.tender.department !== department.id) {
    fail('NOT_AUTHORISED', `${action} for tender ${tender.tender.tenderId} is for its publishing trading centre ${tender.tender.department}, not ${department.id}`);
  }
}

/** The shared cross-province pool: departments with role expert, a key valid now, and a declared profile. */
/**
 * The pool as it stood at `at` (the bid deadline): experts with a key valid then and a profile declared before it.
 * An expert who changes a profile after the deadline sits this tender out, so no one can move into (or out of) the
 * eligible set once the seed's inputs are fixed.
 */
async function expertPool(store: Store, at: string): Promise<ExpertCandidate[]> {
  const pool: ExpertCandidate[] = [];
  for (const department of await listDepartments(store)) {
    if (!hasAnyRole(department, ['expert'])) continue;
    if (!department.keys.some((k) => keyStatusAt(k, at) === 'valid')) continue;
    const profile = await store.get<ExpertProfileEntry>(TENDER_KEYS.expert, [department.id]);
    if (profile === undefined || timeOf(profile.updatedAt) >= timeOf(at)) continue;
    pool.push({ expertId: department.id, province: department.province, specialities: profile.specialities, affiliations: profile.affiliations });
  }
  return pool;
}

async function mustRecord<T extends RecordBase>(store: Store, id: string): Promise<StoredRecord<T>> {
  return (await store.getRecord<T>(id)) ?? fail('INTERNAL', `record ${id} missing from the ledger`);
}

/** Every record of a tender as stored, in the shape the pure replay takes. */
async function ledgerRecords(store: Store, tenderId: string): Promise<TenderLedgerRecords> {
  const entry = await mustLoadTender(store, tenderId);
  const bids = await listBids(store, tenderId);
  const commits: StoredRecord<BidCommitRecord>[] = [];
  const reveals: StoredRecord<BidRevealRecord>[] = [];
  for (const bid of bids) {
    commits.push(await mustRecord<BidCommitRecord>(store, bid.commit.bidId));
    if (bid.revealRecordId !== undefined) reveals.push(await mustRecord<BidRevealRecord>(store, bid.revealRecordId));
  }
  const scores: StoredRecord<ExpertScoreRecord>[] = [];
  for (const score of await listScores(store, tenderId)) scores.push(await mustRecord<ExpertScoreRecord>(store, score.recordId));
  const drawEntry = await store.get<DrawEntry>(TENDER_KEYS.draw, [tenderId]);
  const resultEntry = await store.get<ResultEntry>(TENDER_KEYS.result, [tenderId]);
  const awardEntry = await store.get<AwardEntry>(TENDER_KEYS.award, [tenderId]);
  const publish = await mustRecord<TenderPublishRecord>(store, entry.tender.id);
  return {
    tender: publish,
    commits,
    reveals,
    scores,
    ...(drawEntry && { draw: { stored: await mustRecord(store, drawEntry.recordId), outcome: drawEntry.outcome } }),
    ...(resultEntry && { result: resultEntry.result }),
    ...(awardEntry && { award: await mustRecord<AwardRecord>(store, awardEntry.recordId) }),
  };
}

/**
 * Public-resource trading with 评定分离 and 数字见证: tenders, sealed bids (SM3 commitments), a verifiable expert
 * draw from the shared YRD pool, signed expert scores, the result computed from the ledger, and the award by a
 * separate authority. `replay` recomputes the draw and the result from the stored records.
 */
@Info({ title: 'tender', description: 'Tenders, sealed bids, verifiable expert draw, signed scores, evaluation, award, replay' })
export class TenderContract extends Contract {
  constructor() {
    super('tender');
  }

  /**
   * Publishes a tender (role trading-centre). The purchaser must be a registered department; the award authority
   * the purchaser itself (招标人定标) or a registered department with role regulator, never the publisher
   * (评定分离). CONFLICT if the id is taken, DEADLINE_PASSED if the bid deadline is not in the future.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed tender.publish record')
  @Returns('string')
  async publish(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'tender.publish', validate: validateTenderPublish, roles: ['trading-centre'] }, async ({ record, store, at }) => {
      if (await store.exists(TENDER_KEYS.tender, [record.tenderId])) fail('CONFLICT', `tender ${record.tenderId} is already published`);
      requireCommitWindow(record, at);
      if ((await loadDepartment(store, record.purchaser)) === undefined) fail('NOT_FOUND', `purchaser department ${record.purchaser}`);
      const authority = (await loadDepartment(store, record.awardAuthority)) ?? fail('NOT_FOUND', `award authority ${record.awardAuthority}`);
      if (authority.id !== record.purchaser && !hasAnyRole(authority, ['regulator'])) {
        fail('INVALID_ARGUMENT', `awardAuthority: department ${authority.id} is neither the purchaser nor a regulator`);
      }
      const { signature: _signature, ...tender } = record;
      const entry: TenderEntry = { tender, status: 'open', txId: store.txId, publishedAt: at };
      await store.put(TENDER_KEYS.tender, [record.tenderId], entry);
      return { tenderId: record.tenderId, bidDeadline: record.bidDeadline, revealDeadline: record.revealDeadline };
    });
    return resultJson(receipt);
  }

  /** Declares or updates the signing expert's specialities and affiliations (role expert); the latest profile counts. */
  @Transaction()
  @Param('recordJson', 'string', 'signed tender.expert.profile record')
  @Returns('string')
  async declareExpertProfile(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'tender.expert.profile', validate: validateExpertProfile, roles: ['expert'] }, async ({ record, store, at }) => {
      const profile: ExpertProfileEntry = { expertId: record.department, specialities: record.specialities, affiliations: record.affiliations, recordId: record.id, updatedAt: at };
      await store.put(TENDER_KEYS.expert, [record.department], profile);
      return { expertId: record.department, specialities: record.specialities.join(',') };
    });
    return resultJson(receipt);
  }

  /**
   * Records a sealed bid before the bid deadline (DEADLINE_PASSED after), through the publishing trading centre's
   * platform (role trading-centre, NOT_AUTHORISED for another centre). One bid per bidder (CONFLICT); a bidder
   * black-listed with `no-bidding` in any province is refused (SUBJECT_BLACKLISTED). The record id is the bid id.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed tender.bid.commit record')
  @Returns('string')
  async commitBid(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'tender.bid.commit', validate: validateBidCommit, roles: ['trading-centre'] }, async ({ record, department, store, at }) => {
      const tender = await mustLoadTender(store, record.tenderId);
      requirePublisher(tender, department, 'a bid');
      requireCommitWindow(tender.tender, at);
      if (await store.exists(TENDER_KEYS.bidByBidder, [record.tenderId, record.bidderCreditCode])) fail('CONFLICT', `bidder ${record.bidderCreditCode} has already bid for tender ${record.tenderId}`);
      // Joint punishment: a refusal commits a feedback record and returns a refusal outcome (no bid is stored).
      const refusal = await jointPunishmentRefusal(store, record, `org:${record.bidderCreditCode}`, { kind: 'bid' }, at);
      if (refusal !== undefined) return refusal;
      const bid: BidEntry = {
        commit: { bidId: record.id, bidderCreditCode: record.bidderCreditCode, bidderName: record.bidderName, commitment: record.commitment, commitTxId: store.txId, committedAt: at },
      };
      await store.put(TENDER_KEYS.bid, [record.tenderId, record.id], bid);
      await store.put(TENDER_KEYS.bidByBidder, [record.tenderId, record.bidderCreditCode], { bidId: record.id });
      return { tenderId: record.tenderId, bidId: record.id, bidderCreditCode: record.bidderCreditCode };
    });
    return resultJson(receipt);
  }

  /**
   * Reveals a sealed bid between the bid deadline (TOO_EARLY before) and the reveal deadline (DEADLINE_PASSED
   * after); SM3(bid ‖ salt) must equal the commitment (COMMITMENT_MISMATCH). Once per bid (CONFLICT).
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed tender.bid.reveal record')
  @Returns('string')
  async revealBid(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'tender.bid.reveal', validate: validateBidReveal, roles: ['trading-centre'] }, async ({ record, department, store, at }) => {
      const tender = await mustLoadTender(store, record.tenderId);
      requirePublisher(tender, department, 'a reveal');
      requireRevealWindow(tender.tender, at);
      const bid = (await store.get<BidEntry>(TENDER_KEYS.bid, [record.tenderId, record.bidId])) ?? fail('NOT_FOUND', `bid ${record.bidId} of tender ${record.tenderId}`);
      if (bid.revealRecordId !== undefined) fail('CONFLICT', `bid ${record.bidId} was already revealed by ${bid.revealRecordId}`);
      checkReveal(bid.commit, record.tenderId, record.bid, record.salt);
      await store.put(TENDER_KEYS.bid, [record.tenderId, record.bidId], { ...bid, revealRecordId: record.id, revealed: record.bid } satisfies BidEntry);
      return { tenderId: record.tenderId, bidId: record.bidId, price: record.bid.price };
    });
    return resultJson(receipt);
  }

  /**
   * Draws the evaluation committee after the bid deadline (TOO_EARLY before), once (TENDER_ALREADY_DRAWN), by the publishing
   * centre. The seed binds the tender's publish transaction and every sealed bid, all fixed at the deadline (never this
   * transaction's id, so re-simulating the draw cannot change it); conflicts of interest are
   * excluded; CONFLICT if the pool cannot supply the experts. The draw, with the pool it saw, is stored.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed tender.draw record')
  @Returns('string')
  async drawExperts(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'tender.draw', validate: validateExpertDraw, roles: ['trading-centre'] }, async ({ record, department, store, at }) => {
      const tender = await mustLoadTender(store, record.tenderId);
      requirePublisher(tender, department, 'the expert draw');
      requireDrawWindow(tender.tender, at);
      if (tender.status !== 'open' || (await store.exists(TENDER_KEYS.draw, [record.tenderId]))) fail('TENDER_ALREADY_DRAWN', `experts for tender ${record.tenderId} were already drawn; a tender has exactly one draw`);
      const bids = (await listBids(store, record.tenderId)).map((b) => b.commit);
      const outcome = drawExperts(tender.tender, bids, await expertPool(store, tender.tender.bidDeadline), store.txId, tender.txId);
      await store.put(TENDER_KEYS.draw, [record.tenderId], { recordId: record.id, outcome } satisfies DrawEntry);
      await store.put(TENDER_KEYS.tender, [record.tenderId], { ...tender, status: 'drawn' } satisfies TenderEntry);
      return { tenderId: record.tenderId, seed: outcome.seed, drawn: outcome.drawn.join(',') };
    });
    return resultJson(receipt);
  }

  /**
   * A drawn expert's signed technical score for one revealed bid within the ceiling price (role expert): after the
   * reveal deadline (TOO_EARLY), before evaluation (CONFLICT), only drawn experts (NOT_AUTHORISED), once per bid
   * (CONFLICT).
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed tender.score record')
  @Returns('string')
  async submitScore(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'tender.score', validate: validateExpertScore, roles: ['expert'] }, async ({ record, store, at }) => {
      const tender = await mustLoadTender(store, record.tenderId);
      requireScoringWindow(tender.tender, at);
      if (tender.status !== 'drawn') fail('CONFLICT', `tender ${record.tenderId} is ${tender.status === 'open' ? 'not drawn yet' : 'already evaluated'}`);
      const draw = (await store.get<DrawEntry>(TENDER_KEYS.draw, [record.tenderId])) ?? fail('INTERNAL', `draw of ${record.tenderId} missing`);
      if (!draw.outcome.drawn.includes(record.department)) fail('NOT_AUTHORISED', `expert ${record.department} was not drawn for tender ${record.tenderId}`);
      const bid = (await store.get<BidEntry>(TENDER_KEYS.bid, [record.tenderId, record.bidId])) ?? fail('NOT_FOUND', `bid ${record.bidId} of tender ${record.tenderId}`);
      if (bid.revealed === undefined) fail('CONFLICT', `bid ${record.bidId} was not revealed and is not scored`);
      if (bid.revealed.price > tender.tender.ceilingPrice) fail('CONFLICT', `bid ${record.bidId} is above the ceiling price and is not scored`);
      if (await store.exists(TENDER_KEYS.score, [record.tenderId, record.bidId, record.department])) fail('CONFLICT', `expert ${record.department} has already scored bid ${record.bidId}`);
      await store.put(TENDER_KEYS.score, [record.tenderId, record.bidId, record.department], { recordId: record.id, bidId: record.bidId, expertId: record.department, score: record.score } satisfies ScoreEntry);
      return { tenderId: record.tenderId, bidId: record.bidId, expertId: record.department };
    });
    return resultJson(receipt);
  }

  /**
   * Closes evaluation (the publishing centre, role trading-centre) after the reveal deadline: the contract computes
   * the result from the revealed bids and the drawn experts' scores (CONFLICT if incomplete or fewer than 3 valid
   * bids). The result is stored and cannot be recomputed differently later (once: CONFLICT).
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed tender.evaluate record')
  @Returns('string')
  async evaluate(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'tender.evaluate', validate: validateEvaluate, roles: ['trading-centre'] }, async ({ record, department, store, at }) => {
      const tender = await mustLoadTender(store, record.tenderId);
      requirePublisher(tender, department, 'evaluation');
      requireScoringWindow(tender.tender, at);
      if (tender.status !== 'drawn') fail('CONFLICT', `tender ${record.tenderId} is ${tender.status === 'open' ? 'not drawn yet' : 'already evaluated'}`);
      const draw = (await store.get<DrawEntry>(TENDER_KEYS.draw, [record.tenderId])) ?? fail('INTERNAL', `draw of ${record.tenderId} missing`);
      const bids = await listBids(store, record.tenderId);
      const revealed = bids.flatMap((b) => (b.revealed === undefined ? [] : [{ bidId: b.commit.bidId, bid: b.revealed }]));
      const scores = (await listScores(store, record.tenderId)).map((s) => ({ bidId: s.bidId, expertId: s.expertId, score: s.score }));
      const result = evaluateTender(tender.tender, bids.map((b) => b.commit), revealed, draw.outcome.drawn, scores);
      await store.put(TENDER_KEYS.result, [record.tenderId], { recordId: record.id, result } satisfies ResultEntry);
      await store.put(TENDER_KEYS.tender, [record.tenderId], { ...tender, status: 'evaluated' } satisfies TenderEntry);
      return { tenderId: record.tenderId, recommended: result.recommended.join(',') };
    });
    return resultJson(receipt);
  }

  /**
   * Awards the tender (定标) — only the tender's named award authority (never the publishing centre),
   * once (CONFLICT), after evaluation, to a recommended candidate (CONFLICT otherwise; a reason is required for
   * any but the first). A bidder black-listed with `no-bidding` by then is refused (SUBJECT_BLACKLISTED).
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed tender.award record')
  @Returns('string')
  async award(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'tender.award', validate: validateAward, roles: ROLES }, async ({ record, department, store, at }) => {
      const tender = await mustLoadTender(store, record.tenderId);
      if (department.id !== tender.tender.awardAuthority) fail('NOT_AUTHORISED', `tender ${record.tenderId} is awarded by ${tender.tender.awardAuthority}, not ${department.id}`);
      if (tender.status === 'awarded') fail('CONFLICT', `tender ${record.tenderId} is already awarded`);
      if (tender.status !== 'evaluated') fail('CONFLICT', `tender ${record.tenderId} is not evaluated yet`);
      const { result } = (await store.get<ResultEntry>(TENDER_KEYS.result, [record.tenderId])) ?? fail('INTERNAL', `result of ${record.tenderId} missing`);
      const ranked = checkAward(result, record.bidId, record.reason);
      const refusal = await jointPunishmentRefusal(store, record, `org:${ranked.bidderCreditCode}`, { kind: 'bid' }, at);
      if (refusal !== undefined) return refusal;
      const award: AwardEntry = { recordId: record.id, bidId: ranked.bidId, rank: ranked.rank, bidderCreditCode: ranked.bidderCreditCode, bidderName: ranked.bidderName, price: ranked.price, awardedBy: department.id, awardedAt: at };
      await store.put(TENDER_KEYS.award, [record.tenderId], award);
      await store.put(TENDER_KEYS.tender, [record.tenderId], { ...tender, status: 'awarded' } satisfies TenderEntry);
      return { tenderId: record.tenderId, bidId: ranked.bidId, rank: ranked.rank, bidderCreditCode: ranked.bidderCreditCode };
    });
    return resultJson(receipt);
  }

  /**
   * The tender's public state: the tender, every sealed bid (commitments; bid content only once revealed), the
   * draw, the scores (after evaluation only, so no expert sees another's before), the result and the award.
   */
  @Transaction(false)
  @Param('tenderId', 'string', 'tender id')
  @Returns('string')
  async get(ctx: Context, tenderId: string): Promise<string> {
    const store = new Store(ctx.stub);
    const entry = await mustLoadTender(store, tenderId);
    const evaluated = entry.status === 'evaluated' || entry.status === 'awarded';
    return resultJson({
      ...entry,
      bids: await listBids(store, tenderId),
      draw: (await store.get<DrawEntry>(TENDER_KEYS.draw, [tenderId]))?.outcome ?? null,
      scores: evaluated ? await listScores(store, tenderId) : [],
      result: (await store.get<ResultEntry>(TENDER_KEYS.result, [tenderId]))?.result ?? null,
      award: (await store.get<AwardEntry>(TENDER_KEYS.award, [tenderId])) ?? null,
    });
  }

  /** Every record of the tender exactly as signed, with txId and committedAt, plus the stored draw and result. */
  @Transaction(false)
  @Param('tenderId', 'string', 'tender id')
  @Returns('string')
  async records(ctx: Context, tenderId: string): Promise<string> {
    return resultJson(await ledgerRecords(new Store(ctx.stub), tenderId));
  }

  /** 数字见证: recomputes the draw and the result from the stored records and compares them with what was stored. */
  @Transaction(false)
  @Param('tenderId', 'string', 'tender id')
  @Returns('string')
  async replay(ctx: Context, tenderId: string): Promise<string> {
    return resultJson(replayTender(await ledgerRecords(new Store(ctx.stub), tenderId)));
  }

  /** The expert pool as a draw at this transaction's time would see it (departments with role expert and a profile). */
  @Transaction(false)
  @Returns('string')
  async expertPool(ctx: Context): Promise<string> {
    const store = new Store(ctx.stub);
    return resultJson(await expertPool(store, store.now));
  }
}

