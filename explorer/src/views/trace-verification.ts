/**
 * How the public trace page decides what colour its verdict may have (verification only; what the verdict levels
 * mean is the chaincode's trace verdict). The server's verdict word is shown only when every record of the chain
 * verified here against the pinned trust bundle; otherwise the page shows red (a record failed) or grey (nothing
 * pinned, a proof missing, or a form not checked here). A 'genuine' that contradicts a verified recall is red.
 */
import type { SignatureStatus } from '../verify';

/** Why the page did not show the server's verdict: counts of records that failed / could not be verified here. */
export interface PageReasons {
  readonly invalid: number;
  readonly unverifiable: number;
  readonly recallContradicted: boolean;
}

export type PageVerdict = { readonly verdict: string; readonly verified: boolean; readonly reasons: PageReasons };

const NONE: PageReasons = { invalid: 0, unverifiable: 0, recallContradicted: false };

export function anchoredTraceVerdict(serverVerdict: string | undefined, statuses: readonly SignatureStatus[], records: readonly Record<string, unknown>[]): PageVerdict {
  if (statuses.length === 0) return { verdict: 'unknown', verified: false, reasons: NONE };
  const invalid = statuses.filter((s) => s === 'invalid' || s === 'unknown-key' || s === 'unsigned').length;
  if (invalid > 0) return { verdict: 'invalid', verified: false, reasons: { ...NONE, invalid } };
  if (statuses.some((s) => s === 'unanchored')) return { verdict: 'unanchored', verified: false, reasons: NONE };
  const unverifiable = statuses.filter((s) => s !== 'valid').length;
  if (unverifiable > 0) return { verdict: 'unanchored', verified: false, reasons: { ...NONE, unverifiable } };
  const verdict = serverVerdict ?? 'unknown';
  if (verdict === 'genuine' && records.some((r) => r.type === 'trace.recall')) return { verdict: 'invalid', verified: false, reasons: { ...NONE, recallContradicted: true } };
  return { verdict, verified: true, reasons: NONE };
}
