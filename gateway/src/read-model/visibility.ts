/**
 * Who may see which read-model rows: ONE caller filter that every read-model answer goes through.
 *
 * Today's gateway rules, applied to lists (until issue 12's visibility module lands; point `scopeFor` at it then):
 *  - access records (sharing.access) are readable only by auditors and by the department whose data was read;
 *  - protected content (credit, licence, trace rows) of another province is not listed: a caller sees its own
 *    province's rows, and rows of another province only when it names that province and the gateway has written
 *    the access records for that page (谁使用 谁负责, the same AccessRecorder the by-id reads use);
 *  - the registry, the sharing catalogue and requests, tenders, blocks and transactions are shared by design with
 *    every authenticated department.
 * The index holds what the channel holds; this filter decides what a caller is answered.
 */
import type { Department } from '@dtl/chaincode';

/** The families a list can ask for. */
export type ListFamily = 'credit' | 'licence' | 'trace' | 'tender' | 'department' | 'sharing' | 'access' | 'chain';

/** Families whose rows are another province's protected content (read across regions only with an access record). */
export const PROTECTED_FAMILIES: ReadonlySet<ListFamily> = new Set(['credit', 'licence', 'trace']);

export type Scope =
  | { readonly kind: 'all' }
  /** Only rows whose owner province is one of these. */
  | { readonly kind: 'provinces'; readonly provinces: readonly string[] }
  /** Only rows whose owner department is one of these. */
  | { readonly kind: 'owners'; readonly owners: readonly string[] };

export interface Caller {
  readonly id: string;
  readonly province: string;
  readonly roles: readonly string[];
}

export function callerOf(department: Department): Caller {
  return { id: department.id, province: department.province, roles: department.roles };
}

/**
 * The rows `caller` may be answered for `family`. `crossRegion` lists provinces the caller asked for by name: their
 * rows are in scope, and the route records the access to each owner on the page before answering.
 */
export function scopeFor(caller: Caller, family: ListFamily, crossRegion: readonly string[] = []): Scope {
  if (family === 'access') return caller.roles.includes('auditor') ? { kind: 'all' } : { kind: 'owners', owners: [caller.id] };
  if (PROTECTED_FAMILIES.has(family)) return { kind: 'provinces', provinces: [...new Set([caller.province, ...crossRegion])] };
  return { kind: 'all' };
}

