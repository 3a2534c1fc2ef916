/**
 * Credit disclosure for the public (issue 17): search by name or unified social credit code, the black and red lists
 * with their status (in force / repaired / expired), a subject's page with each entry's legal basis, decision number,
 * measures, validity, issuer, repair history and the proofs that make it checkable, and the announcements of listings
 * and removals. Lists and search come from the read model; what the public may read of each row and record is asked
 * of the one visibility module (anonymous viewer); nothing here decides it.
 */
import { PROVINCES, type CreditEntryState, type CreditView, type EffectiveStatus } from '@dtl/chaincode';
import type { Ledger } from '../ledger/ledger';
import type { ReadModel } from '../read-model';
import { LISTS, type ListSpec } from '../read-model/lists';
import type { Page, Row } from '../read-model/queries';
import { evaluateJson, type DepartmentDirectory } from '../http/directory';
import { buildProof } from '../proof/build';
import type { Proof } from '../proof/types';
import { ANONYMOUS } from '../visibility/policy';
import { unlessNotFound } from './absent';
import type { Visibility, VisibleProof } from '../visibility/visibility';

/** What the public pages call an entry's status. */
export const PUBLIC_STATUSES = ['in-force', 'repaired', 'expired'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export interface IssuerName {
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly province: string | undefined;
  readonly city: string | undefined;
}

export interface PublicListItem {
  readonly entryId: string;
  readonly list: string;
  readonly category: string;
  readonly subjectKind: string;
  /** Organisations: the credit code; persons: `person:<salted digest>` (the page's key, no identifier in clear). */
  readonly subject: string;
  /** Organisations: the registered name; persons: the masked name only. */
  readonly subjectName: string;
  readonly issuer: IssuerName;
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly measures: readonly string[];
  readonly recordedAt: string;
  readonly status: PublicStatus;
}

export interface HistoryItem {
  readonly type: string;
  readonly recordId: string;
  readonly committedAt: string;
  readonly proof: VisibleProof;
}

export interface PublicEntry {
  readonly entryId: string;
  readonly list: string;
  readonly category: string;
  readonly legalBasis: string;
  readonly decisionNumber: string | null;
  readonly measures: readonly string[];
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly status: PublicStatus;
  readonly effectiveStatus: EffectiveStatus;
  readonly recordedAt: string;
  readonly repairedAt: string | null;
  readonly issuer: IssuerName;
  /** The entry record with its proof (content form: `dtl verify --trust` checks it offline). */
  readonly proof: VisibleProof;
  /** Repair decisions and corrections the public may read, oldest first, each with its proof. */
  readonly history: readonly HistoryItem[];
}

export interface PublicSubject {
  readonly subject: string;
  readonly subjectKind: string;
  readonly name: string;
  readonly at: string;
  readonly blacklisted: boolean;
  readonly redlisted: boolean;
  readonly entries: readonly PublicEntry[];
}

export interface Announcement {
  readonly kind: 'listed' | 'removed';
  readonly at: string;
  readonly entryId: string;
  readonly list: string;
  readonly subject: string;
  readonly subjectName: string;
  readonly issuer: IssuerName;
  /** listed: the category; removed: why (repair approved, withdrawn). */
  readonly detail: string;
  readonly recordId: string;
}

/** The public status of an entry: repaired/withdrawn entries are repaired, an ended validity is expired. */
export function publicStatusOf(status: string, validTo: string | null | undefined, now: Date): PublicStatus {
  if (status === 'repaired' || status === 'withdrawn') return 'repaired';
  if (validTo !== null && validTo !== undefined && Date.parse(validTo) <= now.getTime()) return 'expired';
  return 'in-force';
}

const CREDIT_ENTRIES: ListSpec = LISTS.find((spec) => spec.path === 'credit-entries') as ListSpec;
const RECORDS: ListSpec = LISTS.find((spec) => spec.path === 'records') as ListSpec;
const ALL = { kind: 'all' } as const;

export interface ListFilters {
  readonly list?: string | undefined;
  readonly category?: string | undefined;
  readonly province?: string | undefined;
  readonly city?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly status?: PublicStatus | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export class CreditDisclosure {
  constructor(
    private readonly ledger: Ledger,
    private readonly readModel: ReadModel | undefined,
    private readonly directory: DepartmentDirectory,
    private readonly visibility: Visibility,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** May the public read this record (asked of the one visibility module)? */
  private async disclosed(type: string, id: string, department: string): Promise<boolean> {
    return (await this.visibility.formOf(ANONYMOUS, { type, id, department })) === 'content';
  }

  async issuer(id: string): Promise<IssuerName> {
    const department = await this.directory.get(id);
    return { id, nameZh: department?.nameZh ?? id, nameEn: department?.nameEn ?? id, province: department?.province, city: department?.city };
  }

  private requireReadModel(): ReadModel {
    if (this.readModel === undefined) throw new Error('READ_MODEL_OFF');
    return this.readModel;
  }

  private async listItem(row: Row): Promise<PublicListItem> {
    const kind = String(row.subjectKind);
    return {
      entryId: String(row.entryId),
      list: String(row.list),
      category: String(row.category),
      subjectKind: kind,
      subject: kind === 'person' ? `person:${String(row.subjectKey)}` : String(row.subjectKey),
      subjectName: String(row.subjectName ?? ''),
      issuer: await this.issuer(String(row.department)),
      validFrom: String(row.validFrom),
      validTo: row.validTo === null ? null : String(row.validTo),
      measures: String(row.measures ?? '').split(',').filter((m) => m !== ''),
      recordedAt: String(row.recordedAt),
      status: publicStatusOf(String(row.status), row.validTo === null ? null : String(row.validTo), this.now()),
    };
  }

  /** The black / red lists: newest first, only disclosed entries, filtered by the public status. */
  async list(filters: ListFilters): Promise<{ items: PublicListItem[]; nextCursor: string | null; indexHeight: number }> {
    const readModel = this.requireReadModel();
    const stored: Record<string, string> = {};
    for (const name of ['list', 'category', 'province', 'city', 'from', 'to'] as const) {
      const value = filters[name];
      if (value !== undefined) stored[name] = value;
    }
    if (filters.status === 'repaired') stored.status = 'repaired';
    else if (filters.status !== undefined) stored.status = 'active';
    const indexHeight = readModel.indexer.height;
    const page: Page = await readModel.queries.list(CREDIT_ENTRIES, { filters: stored, order: 'newest', limit: filters.limit, cursor: filters.cursor }, ALL);
    const items: PublicListItem[] = [];
    for (const row of page.items) {
      if (!(await this.disclosed('credit.entry', String(row.entryId), String(row.department)))) continue;
      const item = await this.listItem(row);
      if (filters.status === undefined || item.status === filters.status) items.push(item);
    }
    return { items, nextCursor: page.nextCursor, indexHeight };
  }

  /**
   * Subjects by part of their name (Chinese substring) or by their unified social credit code: one item per subject
   * with at least one disclosed entry.
   */
  async search(q: string, limit: number): Promise<{ items: Array<{ subject: string; subjectKind: string; name: string; lists: string[]; provinces: string[] }>; indexHeight: number }> {
    const readModel = this.requireReadModel();
    const indexHeight = readModel.indexer.height;
    const keys = new Set<string>();
    if (/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(q)) keys.add(q);
    else {
      const names = await readModel.queries.search(q, { kinds: ['subject'], provinceScope: PROVINCES, limit: 50 });
      for (const row of names.items) keys.add(String(row.refId));
    }
    const bySubject = new Map<string, { subject: string; subjectKind: string; name: string; lists: Set<string>; provinces: Set<string> }>();
    for (const key of keys) {
      const rows = await readModel.queries.list(CREDIT_ENTRIES, { filters: { subject: key }, order: 'newest', limit: 50 }, ALL);
      for (const row of rows.items) {
        if (!(await this.disclosed('credit.entry', String(row.entryId), String(row.department)))) continue;
        const kind = String(row.subjectKind);
        const subject = kind === 'person' ? `person:${key}` : key;
        const found = bySubject.get(subject) ?? { subject, subjectKind: kind, name: String(row.subjectName ?? ''), lists: new Set<string>(), provinces: new Set<string>() };
        found.lists.add(String(row.list));
        if (row.province !== null) found.provinces.add(String(row.province));
        bySubject.set(subject, found);
      }
      if (bySubject.size >= limit) break;
    }
    return { items: [...bySubject.values()].slice(0, limit).map((s) => ({ ...s, lists: [...s.lists], provinces: [...s.provinces] })), indexHeight };
  }

  private async proofOf(recordId: string): Promise<{ proof: Proof; committedAt: string } | undefined> {
    const stored = await unlessNotFound(evaluateJson<{ record: Proof['record']; txId: string; committedAt: string }>(this.ledger, 'department', 'getRecord', [recordId]));
    if (stored === undefined) return undefined;
    const tx = await this.ledger.transaction(stored.txId);
    if (!tx) return undefined;
    const proof = await buildProof(this.ledger, { record: stored.record, txId: stored.txId, blockNumber: tx.blockNumber, signerPublicKey: await this.directory.publicKeyOf(stored.record.signature.keyId) });
    return { proof, committedAt: stored.committedAt };
  }

  /** A subject's page: undefined when nothing about it is disclosed (the public is not told it exists). */
  async subject(subject: string): Promise<PublicSubject | undefined> {
    const view = await unlessNotFound(evaluateJson<CreditView>(this.ledger, 'credit', 'view', [subject]));
    if (view === undefined) return undefined;
    const entries: PublicEntry[] = [];
    for (const entry of view.entries) {
      if (!(await this.disclosed('credit.entry', entry.entryId, entry.department))) continue;
      const found = await this.proofOf(entry.entryId);
      if (found === undefined) continue;
      const proof = await this.visibility.proof(ANONYMOUS, found.proof);
      if (proof.form !== 'content') continue;
      entries.push({
        entryId: entry.entryId,
        list: entry.list,
        category: entry.category,
        legalBasis: entry.legalBasis,
        decisionNumber: entry.decisionNumber ?? null,
        measures: entry.measures,
        validFrom: entry.validFrom,
        validTo: entry.validTo ?? null,
        status: publicStatusOf(entry.status, entry.validTo, this.now()),
        effectiveStatus: entry.effectiveStatus,
        recordedAt: entry.recordedAt,
        repairedAt: entry.repairedAt ?? entry.withdrawnAt ?? null,
        issuer: await this.issuer(entry.department),
        proof,
        history: await this.history(entry),
      });
    }
    if (entries.length === 0) return undefined;
    const first = view.entries.find((e) => e.entryId === entries[0]?.entryId);
    const name = first?.subject.kind === 'organisation' ? first.subject.name : (first?.subject.maskedName ?? '');
    const inForce = (list: string): boolean => entries.some((e) => e.list === list && e.status === 'in-force' && e.effectiveStatus === 'active');
    return { subject, subjectKind: first?.subject.kind ?? 'organisation', name, at: view.at, blacklisted: inForce('black'), redlisted: inForce('red'), entries };
  }

  /** Repair decisions and corrections of an entry that the public may read (from the read model's timeline). */
  private async history(entry: CreditEntryState): Promise<HistoryItem[]> {
    if (this.readModel === undefined) return [];
    const rows = await this.readModel.queries.list(RECORDS, { filters: { ref: entry.entryId, family: 'credit' }, order: 'oldest', limit: 50 }, ALL);
    const items: HistoryItem[] = [];
    for (const row of rows.items) {
      const type = String(row.type);
      if (type === 'credit.entry') continue;
      if (!(await this.disclosed(type, String(row.recordId), String(row.department)))) continue;
      const found = await this.proofOf(String(row.recordId));
      if (found === undefined) continue;
      const proof = await this.visibility.proof(ANONYMOUS, found.proof);
      if (proof.form === 'content') items.push({ type, recordId: String(row.recordId), committedAt: found.committedAt, proof });
    }
    return items;
  }

  /** Listings and removals (repair approved, withdrawn), newest first. */
  async announcements(limit: number): Promise<{ items: Announcement[]; indexHeight: number }> {
    const readModel = this.requireReadModel();
    const indexHeight = readModel.indexer.height;
    const listed = await this.list({ limit });
    const items: Announcement[] = listed.items.map((e) => ({ kind: 'listed', at: e.recordedAt, entryId: e.entryId, list: e.list, subject: e.subject, subjectName: e.subjectName, issuer: e.issuer, detail: e.category, recordId: e.entryId }));
    for (const type of ['credit.repair.decide', 'credit.correction']) {
      const rows = await readModel.queries.list(RECORDS, { filters: { type }, order: 'newest', limit }, ALL);
      for (const row of rows.items) {
        if (!(await this.disclosed(type, String(row.recordId), String(row.department)))) continue;
        const found = await this.proofOf(String(row.recordId));
        if (found === undefined) continue;
        const record = found.proof.record as Readonly<Record<string, unknown>>;
        const removed = type === 'credit.repair.decide' ? record.decision === 'approved' : record.action === 'withdraw';
        const entryId = row.refId === null ? '' : String(row.refId);
        if (!removed || entryId === '') continue;
        const entry = await this.entryRow(entryId);
        items.push({
          kind: 'removed',
          at: found.committedAt,
          entryId,
          list: entry === undefined ? '' : String(entry.list),
          subject: entry === undefined ? '' : String(entry.subjectKind) === 'person' ? `person:${String(entry.subjectKey)}` : String(entry.subjectKey),
          subjectName: entry === undefined ? '' : String(entry.subjectName ?? ''),
          issuer: await this.issuer(String(row.department)),
          detail: type === 'credit.repair.decide' ? 'repair-approved' : 'withdrawn',
          recordId: String(row.recordId),
        });
      }
    }
    items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return { items: items.slice(0, limit), indexHeight };
  }

  private async entryRow(entryId: string): Promise<Row | undefined> {
    const readModel = this.requireReadModel();
    // The entries list filtered by the primary key is not a declared filter: look the entry up by its record.
    const rows = await readModel.queries.list(RECORDS, { filters: { id: entryId }, order: 'newest', limit: 1 }, ALL);
    const subject = rows.items[0]?.subject;
    if (subject === undefined || subject === null) return undefined;
    const entries = await readModel.queries.list(CREDIT_ENTRIES, { filters: { subject: String(subject) }, order: 'newest', limit: 50 }, ALL);
    return entries.items.find((row) => row.entryId === entryId);
  }
}
