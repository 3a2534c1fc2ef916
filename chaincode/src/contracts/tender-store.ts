/**
 * The tender key scheme over the Store (composite keys only). One key per bid, per score: concurrent bidders and
 * experts never write the same key, so their transactions do not conflict under MVCC.
 *
 * | object type            | attributes                  | value               |
 * |------------------------|-----------------------------|---------------------|
 * | tender.tender          | tenderId                    | TenderEntry         |
 * | tender.bid             | tenderId, bidId             | BidEntry            |
 * | tender.bid.by-bidder   | tenderId, bidderCreditCode  | { bidId }           |
 * | tender.expert          | expertId                    | ExpertProfileEntry  |
 * | tender.draw            | tenderId                    | DrawEntry           |
 * | tender.score           | tenderId, bidId, expertId   | ScoreEntry          |
 * | tender.result          | tenderId                    | ResultEntry         |
 * | tender.award           | tenderId                    | AwardEntry          |
 */
import type { BidContent, CommittedBid, EvaluationResult, ExpertDraw, TenderPublishRecord } from '../domain/tender/types';
import { fail } from '../errors';
import type { Store } from '../store/store';

export const TENDER_KEYS = {
  tender: 'tender.tender',
  bid: 'tender.bid',
  bidByBidder: 'tender.bid.by-bidder',
  expert: 'tender.expert',
  draw: 'tender.draw',
  score: 'tender.score',
  result: 'tender.result',
  award: 'tender.award',
} as const;

export type TenderStatus = 'open' | 'drawn' | 'evaluated' | 'awarded';

export interface TenderEntry {
  /** The publish record without its signature (the signed one is under dtl.record). */
  readonly tender: Omit<TenderPublishRecord, 'signature'>;
  readonly status: TenderStatus;
  readonly txId: string;
  readonly publishedAt: string;
}

export interface BidEntry {
  readonly commit: CommittedBid;
  readonly revealRecordId?: string;
  readonly revealed?: BidContent;
}

export interface ExpertProfileEntry {
  readonly expertId: string;
  readonly specialities: readonly string[];
  readonly affiliations: readonly string[];
  readonly recordId: string;
  readonly updatedAt: string;
}

export interface DrawEntry {
  readonly recordId: string;
  readonly outcome: ExpertDraw;
}

export interface ScoreEntry {
  readonly recordId: string;
  readonly bidId: string;
  readonly expertId: string;
  readonly score: number;
}

export interface ResultEntry {
  readonly recordId: string;
  readonly result: EvaluationResult;
}

export interface AwardEntry {
  readonly recordId: string;
  readonly bidId: string;
  readonly rank: number;
  readonly bidderCreditCode: string;
  readonly bidderName: string;
  readonly price: number;
  readonly awardedBy: string;
  readonly awardedAt: string;
}

export async function mustLoadTender(store: Store, tenderId: string): Promise<TenderEntry> {
  return (await store.get<TenderEntry>(TENDER_KEYS.tender, [tenderId])) ?? fail('NOT_FOUND', `tender ${tenderId}`);
}

export async function listBids(store: Store, tenderId: string): Promise<BidEntry[]> {
  return (await store.list<BidEntry>(TENDER_KEYS.bid, [tenderId])).map((e) => e.value);
}

export async function listScores(store: Store, tenderId: string): Promise<ScoreEntry[]> {
  return (await store.list<ScoreEntry>(TENDER_KEYS.score, [tenderId])).map((e) => e.value);
}
