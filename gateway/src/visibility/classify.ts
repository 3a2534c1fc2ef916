/**
 * A record's visibility metadata (policy.ts `RecordMeta`): its owner, the owner's province from the registry, and
 * its classification from the owner's sharing catalogue on the ledger. The catalogue lookup is cached per owner for
 * a short time (the same window the access recorder uses), so a block of 500 transactions costs one lookup per owner.
 */
import type { Province } from '@dtl/chaincode';
import type { Ledger } from '../ledger/ledger';
import { evaluateJson, type DepartmentDirectory } from '../http/directory';
import { CLASSIFIED_FAMILIES, familyOf, type Classification, type RecordMeta } from './policy';

export interface CatalogueSummary {
  readonly resourceId: string;
  readonly family: string;
  readonly mode: 'unconditional' | 'conditional' | 'not-shared';
}

/** The owner's catalogue entry for a family: the first published for it (the one the access recorder names). */
export function catalogueEntryFor(entries: readonly CatalogueSummary[], family: string): CatalogueSummary | undefined {
  return entries.find((entry) => entry.family === family);
}

/** Pure: the classification of a record of `type` given its owner's catalogue. */
export function classificationOf(type: string, entries: readonly CatalogueSummary[]): Classification {
  if (type === 'sharing.access') return 'access-log';
  const family = familyOf(type);
  if (!CLASSIFIED_FAMILIES.has(family)) return 'public';
  return catalogueEntryFor(entries, family)?.mode ?? 'not-catalogued';
}

export class Classifier {
  private readonly catalogues = new Map<string, { at: number; entries: Promise<readonly CatalogueSummary[]> }>();

  constructor(
    private readonly ledger: Ledger,
    private readonly directory: DepartmentDirectory,
    private readonly ttlMs = 2000,
  ) {}

  /** The owner's catalogue (cached for ttlMs). */
  catalogue(owner: string): Promise<readonly CatalogueSummary[]> {
    const cached = this.catalogues.get(owner);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.entries;
    const entries = evaluateJson<CatalogueSummary[]>(this.ledger, 'sharing', 'catalogue', [owner]).catch(() => [] as CatalogueSummary[]);
    if (this.catalogues.size > 10_000) this.catalogues.clear();
    this.catalogues.set(owner, { at: Date.now(), entries });
    return entries;
  }

  /** Forget an owner's cached catalogue (after a catalogue write through this gateway). */
  invalidate(owner: string): void {
    this.catalogues.delete(owner);
  }

  async metaOf(record: Readonly<Record<string, unknown>>): Promise<RecordMeta> {
    const type = typeof record.type === 'string' ? record.type : '';
    const owner = typeof record.department === 'string' ? record.department : '';
    const classified = type === 'sharing.access' || CLASSIFIED_FAMILIES.has(familyOf(type));
    const ownerProvince: Province | undefined = classified && owner !== '' ? (await this.directory.get(owner))?.province : undefined;
    const classification = classified ? classificationOf(type, await this.catalogue(owner)) : 'public';
    return {
      type,
      owner,
      ownerProvince,
      classification,
      ...(type === 'sharing.access' && typeof record.owner === 'string' ? { dataOwner: record.owner } : {}),
    };
  }
}
