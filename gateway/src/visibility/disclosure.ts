/**
 * Public disclosure (信用公示, issue 17): which records an anonymous caller — the public pages — may read in full.
 * Part of the one visibility module: policy.ts `formFor` asks this for anonymous viewers, and nothing else decides.
 *
 * A black- or red-list entry is published to the public (红黑榜发布, 信用中国-style) when the issuing department's
 * sharing catalogue classifies its credit data as unconditionally shared (无条件共享); so are the records that change
 * what the public was told about such an entry: an approved or rejected repair decision (信用修复) and a correction or
 * withdrawal (更正 / 撤销). Never: repair applications and objections (the subject's own filings and evidence), the
 * access log, and anything conditional, not shared or not catalogued. Natural persons appear on the ledger only as
 * a salted digest with a masked name (张*明), so publishing an entry publishes no identifier in clear.
 * Pure: no I/O, no clock.
 */
import type { RecordMeta } from './policy';

/** Record types the public may read when their owner's catalogue shares them unconditionally. */
export const PUBLICLY_DISCLOSED_TYPES: ReadonlySet<string> = new Set(['credit.entry', 'credit.repair.decide', 'credit.correction']);

/** True when an anonymous caller may see this record's content. */
export function publiclyDisclosed(meta: RecordMeta): boolean {
  return meta.classification === 'public' || (meta.classification === 'unconditional' && PUBLICLY_DISCLOSED_TYPES.has(meta.type));
}
