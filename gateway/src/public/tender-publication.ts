/**
 * Tender announcements for bidders and the public (issue 17): notices (招标公告), candidate publicity (中标候选人公示)
 * once evaluated, results (中标结果公告) with the expert committee once awarded, and the evidence package for the
 * in-browser recompute. Tender records are shared by design; the form of each is still asked of the visibility module.
 */
import type { Ledger } from '../ledger/ledger';
import type { ReadModel } from '../read-model';
import { LISTS, type ListSpec } from '../read-model/lists';
import type { Row } from '../read-model/queries';
import { evaluateJson } from '../http/directory';
import { ANONYMOUS } from '../visibility/policy';
import { unlessNotFound } from './absent';
import type { Visibility } from '../visibility/visibility';

const TENDERS: ListSpec = LISTS.find((spec) => spec.path === 'tenders') as ListSpec;

export interface TenderNotice {
  readonly tenderId: string;
  readonly title: string;
  readonly category: string;
  readonly purchaser: string;
  readonly department: string;
  readonly province: string | null;
  readonly stage: string;
  readonly bidDeadline: string;
  readonly revealDeadline: string;
  readonly publishedAt: string;
}

export interface TenderAnnouncement {
  readonly tender: Readonly<Record<string, unknown>>;
  /** 'notice' until evaluated, 'candidates' once evaluated, 'result' once awarded. */
  readonly phase: 'notice' | 'candidates' | 'result';
  readonly bids: readonly unknown[];
  readonly result: unknown;
  /** The drawn expert committee, published with the result only. */
  readonly draw: unknown;
  readonly scores: readonly unknown[];
  readonly award: unknown;
}

function notice(row: Row): TenderNotice {
  const text = (name: string): string => String(row[name] ?? '');
  return { tenderId: text('tenderId'), title: text('title'), category: text('category'), purchaser: text('purchaser'), department: text('department'), province: row.province === null ? null : text('province'), stage: text('stage'), bidDeadline: text('bidDeadline'), revealDeadline: text('revealDeadline'), publishedAt: text('publishedAt') };
}

export class TenderPublication {
  constructor(
    private readonly ledger: Ledger,
    private readonly readModel: ReadModel | undefined,
    private readonly visibility: Visibility,
  ) {}

  async list(filters: Readonly<Record<string, string>>, limit: number, cursor: string | undefined): Promise<{ items: TenderNotice[]; nextCursor: string | null; indexHeight: number }> {
    if (this.readModel === undefined) throw new Error('READ_MODEL_OFF');
    const indexHeight = this.readModel.indexer.height;
    const page = await this.readModel.queries.list(TENDERS, { filters, order: 'newest', limit, cursor }, { kind: 'all' });
    const items: TenderNotice[] = [];
    for (const row of page.items) {
      if ((await this.visibility.formOf(ANONYMOUS, { type: 'tender.publish', id: String(row.tenderId), department: String(row.department) })) === 'content') items.push(notice(row));
    }
    return { items, nextCursor: page.nextCursor, indexHeight };
  }

  /** A tender's announcement; undefined when the ledger has no such tender. */
  async announcement(tenderId: string): Promise<TenderAnnouncement | undefined> {
    const view = await unlessNotFound(evaluateJson<Record<string, unknown>>(this.ledger, 'tender', 'get', [tenderId]));
    if (view === undefined) return undefined;
    const { bids, draw, scores, result, award, tender: notice, ...state } = view;
    const publish = (notice ?? {}) as Readonly<Record<string, unknown>>;
    if ((await this.visibility.formOf(ANONYMOUS, { type: 'tender.publish', id: String(publish.id ?? tenderId), department: String(publish.department ?? '') })) !== 'content') return undefined;
    // The notice as published, with the stage it has reached and when it was published.
    const tender = { ...publish, status: state.status, publishedAt: state.publishedAt, txId: state.txId };
    const awarded = award !== null && award !== undefined;
    const evaluated = result !== null && result !== undefined;
    return {
      tender,
      phase: awarded ? 'result' : evaluated ? 'candidates' : 'notice',
      bids: Array.isArray(bids) ? bids : [],
      result: evaluated ? result : null,
      draw: awarded ? draw : null,
      scores: awarded && Array.isArray(scores) ? scores : [],
      award: awarded ? award : null,
    };
  }
}
