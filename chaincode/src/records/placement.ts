/**
 * WHERE A RECORD'S CONTENT LIVES (issue 12) — decided by the chaincode when the record is written, from its owner's
 * sharing catalogue on the ledger:
 *
 *   credit / licence / trace records whose owner catalogues the family as
 *     unconditional (无条件共享), or not at all   → the channel holds the record as signed (as before)
 *     conditional (有条件共享) or not-shared (不予共享) → the content goes to the owning province's private data
 *                                                  collection `protected-<province>`; the channel holds only its
 *                                                  hash-only form (hash-only.ts) and states with the narrative
 *                                                  replaced by markers (redaction.ts)
 *   every other family (registry, catalogue, requests, grants, access records, tenders) → the channel (shared by design)
 *
 * The submitter sends protected content as TRANSIENT data (field `content`, the signed record as JSON) and its
 * hash-only form as the transaction argument, so the content never enters a block; the chaincode checks that the
 * form is exactly the content's. Personal identifiers stay where they were (`personal-<province>`, credit.ts).
 * Pure; `placementFor` (pipeline.ts) reads the catalogue through the store and calls `placementOf`.
 */
import type { Province } from '../domain/region';
import { PROVINCES } from '../domain/region';
import type { CatalogueEntry } from '../domain/sharing/types';

/** Transient field carrying the signed record when its content is protected. */
export const PROTECTED_CONTENT_FIELD = 'content';

/** Record families whose placement the owner's catalogue decides (the same families the gateway classifies). */
export const PLACED_FAMILIES: ReadonlySet<string> = new Set(['credit', 'licence', 'trace']);

const COLLECTION_PREFIX = 'protected-';

export function protectedCollection(province: Province): string {
  return `${COLLECTION_PREFIX}${province}`;
}

/** The province whose peers hold a `protected-<province>` collection, or undefined for any other name. */
export function provinceOfCollection(collection: string): Province | undefined {
  if (!collection.startsWith(COLLECTION_PREFIX)) return undefined;
  const province = collection.slice(COLLECTION_PREFIX.length);
  return (PROVINCES as readonly string[]).includes(province) ? (province as Province) : undefined;
}

export type Placement =
  | { readonly where: 'channel'; readonly reason: 'shared-by-design' | 'unconditional' | 'not-catalogued'; readonly resourceId?: string }
  | { readonly where: 'protected'; readonly collection: string; readonly mode: 'conditional' | 'not-shared'; readonly resourceId: string };

export function familyOfType(type: string): string {
  return type.split('.')[0] ?? '';
}

/**
 * Pure: where a record of `type` written by a department of `province` lives, given the department's catalogue. The
 * catalogue entry for the family is the first one listed (the one the gateway's access recorder names).
 */
export function placementOf(type: string, province: Province, catalogue: ReadonlyArray<Pick<CatalogueEntry, 'family' | 'mode' | 'resourceId'>>): Placement {
  const family = familyOfType(type);
  if (!PLACED_FAMILIES.has(family)) return { where: 'channel', reason: 'shared-by-design' };
  const entry = catalogue.find((candidate) => candidate.family === family);
  if (entry === undefined) return { where: 'channel', reason: 'not-catalogued' };
  if (entry.mode === 'unconditional') return { where: 'channel', reason: 'unconditional', resourceId: entry.resourceId };
  return { where: 'protected', collection: protectedCollection(province), mode: entry.mode, resourceId: entry.resourceId };
}
