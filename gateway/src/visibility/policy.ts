/**
 * WHO MAY SEE WHAT — the one place the gateway decides it (issue 12). Everything that answers with ledger content
 * (records, proofs, blocks, transactions, audit lists, public endpoints, and later the read model and pages) asks
 * `formFor` and shows either the record's content or its hash-only form (hash-only.ts). Nothing else decides.
 *
 *   formFor(viewer, meta, { guarded }) → 'content' | 'hash-only'
 *
 * viewer   who asks: `{ kind: 'anonymous' }` or a department as the ledger's registry has it (id, province, roles).
 * meta     what is asked about: the record's type, its owning department and province, and its classification
 *          (from the owner's sharing catalogue for credit / licence / trace data, see classify.ts).
 * guarded  true only when the caller's read of this record went through the chaincode's guarded path
 *          (`sharing:recordAccess`) and was allowed there; the access record is then on the ledger.
 *
 * The rules (the sharing catalogue's 无条件共享 / 有条件共享 / 不予共享, DESIGN.md "Rules that hold everywhere"):
 *   public          registry, catalogue, requests, grants, tenders: content to everyone.
 *   access-log      sharing.access records (who read whose data, why): content to auditors and to the department
 *                   whose data was read; hash-only to everyone else.
 *   unconditional   content to every department; hash-only to anonymous callers, except the credit list entries and
 *                   their repair decisions and corrections, which are published (disclosure.ts, issue 17).
 *   conditional,    content to the owning province's departments, and to a department whose read of it was
 *   not-shared,     guarded and allowed (for conditional data: under a grant); hash-only to everyone else.
 *   not-catalogued
 * Pure: no I/O, no clock.
 */
import type { Province } from '@dtl/chaincode';
import { publiclyDisclosed } from './disclosure';

export type Classification = 'public' | 'access-log' | 'unconditional' | 'conditional' | 'not-shared' | 'not-catalogued';

export type Viewer =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'department'; readonly id: string; readonly province: Province; readonly roles: readonly string[] };

export interface RecordMeta {
  readonly type: string;
  /** The department that wrote (owns) the record. */
  readonly owner: string;
  /** Its province; undefined when the registry does not know the owner (then only 'public' content is shown). */
  readonly ownerProvince: Province | undefined;
  readonly classification: Classification;
  /** access-log only: the department whose data was read. */
  readonly dataOwner?: string;
}

export type Form = 'content' | 'hash-only';

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/** Record families whose content the owner's sharing catalogue classifies (the rest are shared by design). */
export const CLASSIFIED_FAMILIES: ReadonlySet<string> = new Set(['credit', 'licence', 'trace']);

export function familyOf(type: string): string {
  return type.split('.')[0] ?? '';
}

export function isAuditor(viewer: Viewer): boolean {
  return viewer.kind === 'department' && viewer.roles.includes('auditor');
}

/** The form of a record the viewer may see. */
export function formFor(viewer: Viewer, meta: RecordMeta, options: { readonly guarded?: boolean } = {}): Form {
  if (meta.classification === 'public') return 'content';
  if (viewer.kind === 'anonymous') return publiclyDisclosed(meta) ? 'content' : 'hash-only';
  if (meta.classification === 'access-log') return isAuditor(viewer) || (meta.dataOwner !== undefined && viewer.id === meta.dataOwner) ? 'content' : 'hash-only';
  if (viewer.id === meta.owner) return 'content';
  if (meta.ownerProvince !== undefined && viewer.province === meta.ownerProvince) return 'content';
  if (meta.classification === 'unconditional') return 'content';
  return options.guarded === true ? 'content' : 'hash-only';
}
