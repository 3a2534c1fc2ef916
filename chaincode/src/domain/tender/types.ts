/**
 * Public-resource trading (公共资源交易): tender, sealed bids, expert draw, signed scores, evaluation result and
 * award, as records and the state the contract keeps. Money is in fen (分, integer); scores are in centi-points
 * (hundredths of a point, integer) so every computation is exact and reproducible by any verifier.
 */
import type { RecordBase } from '../../records/common';
import type { Province } from '../region';

export const SPECIALITY_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;
/** 10^14 fen = 1 trillion yuan: far above any tender, far below Number.MAX_SAFE_INTEGER. */
export const MAX_PRICE_FEN = 100_000_000_000_000;
export const MIN_EXPERTS = 3;
export const MAX_EXPERTS = 15;
export const MAX_SCORE = 10_000;
/** Salts shorter than 16 bytes could be guessed from a small set of plausible bids. */
export const MIN_SALT_BYTES = 16;

export const TENDER_CATEGORIES = ['works', 'goods', 'services'] as const;
export type TenderCategory = (typeof TENDER_CATEGORIES)[number];

/** Weights of the comprehensive evaluation (综合评估法), in points out of 100. */
export interface EvaluationCriteria {
  readonly priceWeight: number;
  readonly technicalWeight: number;
}

export interface ExpertRequirement {
  /** How many experts to draw (3–15). */
  readonly count: number;
  /** Specialities the committee needs; each drawn expert has at least one, and each is covered at least once. */
  readonly specialities: readonly string[];
}

/** `tender.publish`: published by a trading centre (公共资源交易中心). The tender id is its own field (printed on documents). */
export interface TenderPublishRecord extends RecordBase {
  readonly type: 'tender.publish';
  readonly tenderId: string;
  readonly title: string;
  readonly category: TenderCategory;
  /** The tendering party (招标人 / 采购人) as a registered department id; its experts and affiliates are excluded. */
  readonly purchaser: string;
  /** SM3 digest (hex) of the tender documents (招标文件). */
  readonly documentDigest: string;
  readonly bidDeadline: string;
  readonly revealDeadline: string;
  /** Highest acceptable price (最高投标限价), in fen. */
  readonly ceilingPrice: number;
  readonly criteria: EvaluationCriteria;
  readonly experts: ExpertRequirement;
  /**
   * Department that awards (定标) — 评定分离: the purchaser itself (招标人定标) or a department with role regulator;
   * never the publishing trading centre, which runs the evaluation.
   */
  readonly awardAuthority: string;
}

/** `tender.expert.profile`: an expert (role expert) declares specialities and affiliations (回避信息); the latest profile counts. */
export interface ExpertProfileRecord extends RecordBase {
  readonly type: 'tender.expert.profile';
  readonly specialities: readonly string[];
  /** Unified social credit codes of companies and ids of departments the expert works for or has interests in. */
  readonly affiliations: readonly string[];
}

/** What is sealed: the bid as revealed later. */
export interface BidContent {
  readonly tenderId: string;
  readonly bidderCreditCode: string;
  /** Bid price in fen. */
  readonly price: number;
  /** SM3 digest (hex) of the technical proposal (技术标). */
  readonly proposalDigest: string;
  /** Promised duration (工期 / 交货期) in days. */
  readonly durationDays: number;
}

/**
 * `tender.bid.commit`: a sealed bid, SM3(canonical bid ‖ salt), submitted before the bid deadline through the
 * publishing trading centre's e-bidding platform (which signs it as witness). The record id is the bid id.
 */
export interface BidCommitRecord extends RecordBase {
  readonly type: 'tender.bid.commit';
  readonly tenderId: string;
  readonly bidderCreditCode: string;
  readonly bidderName: string;
  /** Hex SM3 of canonicalJson(bid) bytes followed by the salt bytes. */
  readonly commitment: string;
}

/** `tender.bid.reveal`: the bid and its salt, after the bid deadline and before the reveal deadline. */
export interface BidRevealRecord extends RecordBase {
  readonly type: 'tender.bid.reveal';
  readonly tenderId: string;
  readonly bidId: string;
  readonly bid: BidContent;
  /** Hex, at least 16 bytes. */
  readonly salt: string;
}

/** `tender.draw`: asks the contract to draw the committee; the draw itself is computed from ledger data. */
export interface ExpertDrawRecord extends RecordBase {
  readonly type: 'tender.draw';
  readonly tenderId: string;
}

/** `tender.score`: one drawn expert's technical score for one revealed bid, signed by the expert. */
export interface ExpertScoreRecord extends RecordBase {
  readonly type: 'tender.score';
  readonly tenderId: string;
  readonly bidId: string;
  /** Technical score in centi-points: 0 … 10000 (= 0.00 … 100.00). */
  readonly score: number;
  /** SM3 digest (hex) of the expert's scoring sheet (optional). */
  readonly sheetDigest?: string;
}

/** `tender.evaluate`: the trading centre closes evaluation; the contract computes the result from the ledger. */
export interface EvaluateRecord extends RecordBase {
  readonly type: 'tender.evaluate';
  readonly tenderId: string;
}

/** `tender.award`: the award authority chooses among the recommended candidates (reason needed if not the first). */
export interface AwardRecord extends RecordBase {
  readonly type: 'tender.award';
  readonly tenderId: string;
  readonly bidId: string;
  readonly reason?: string;
}

/** One expert of the shared pool as the draw sees it (department registry + latest profile). */
export interface ExpertCandidate {
  readonly expertId: string;
  readonly province: Province;
  readonly specialities: readonly string[];
  readonly affiliations: readonly string[];
}

/** A committed bid as the draw and the evaluation see it. */
export interface CommittedBid {
  readonly bidId: string;
  readonly bidderCreditCode: string;
  readonly bidderName: string;
  readonly commitment: string;
  readonly commitTxId: string;
  readonly committedAt: string;
}

export type ConflictReason = 'tendering-department' | 'affiliated-with-tendering-party' | 'affiliated-with-bidder' | 'no-required-speciality';

export interface ExpertDraw {
  readonly tenderId: string;
  readonly drawTxId: string;
  /** The tender's publish transaction: an input of the seed (fixed before any bid). */
  readonly publishTxId: string;
  /** Hex SM3 seed: see drawSeed. */
  readonly seed: string;
  /** Eligible expert ids in shuffled order. */
  readonly shuffled: readonly string[];
  /** The committee, in the order drawn. */
  readonly drawn: readonly string[];
  readonly excluded: readonly { readonly expertId: string; readonly reason: ConflictReason }[];
  /** The pool exactly as the draw saw it (so anyone can recompute from the draw alone). */
  readonly pool: readonly ExpertCandidate[];
}

export interface RevealedBid {
  readonly bidId: string;
  readonly bid: BidContent;
}

export interface ExpertScore {
  readonly bidId: string;
  readonly expertId: string;
  readonly score: number;
}

export interface RankedBid {
  readonly rank: number;
  readonly bidId: string;
  readonly bidderCreditCode: string;
  readonly bidderName: string;
  readonly price: number;
  readonly priceScore: number;
  readonly technicalScore: number;
  readonly totalScore: number;
  /** Every expert's score for this bid, sorted by expert id. */
  readonly expertScores: readonly { readonly expertId: string; readonly score: number }[];
  /** Experts whose score was dropped as highest / lowest (≥ 5 experts). */
  readonly dropped: readonly string[];
}

export type InvalidBidReason = 'not-revealed' | 'above-ceiling-price';

export interface EvaluationResult {
  readonly tenderId: string;
  /** Name of the formula, so a verifier knows which rules to replay. */
  readonly method: 'dtl-comprehensive-v1';
  readonly lowestValidPrice: number;
  readonly ranking: readonly RankedBid[];
  readonly invalid: readonly { readonly bidId: string; readonly bidderCreditCode: string; readonly reason: InvalidBidReason }[];
  /** Bid ids the award authority may choose from, best first (at most 3). */
  readonly recommended: readonly string[];
}
