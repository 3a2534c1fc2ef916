/**
 * How the public trace page decides what colour its verdict may have (verification only; what the verdict levels
 * mean is the chaincode's trace verdict). The server's verdict word is shown only when every record of the chain
 * verified here against the pinned trust bundle; otherwise the page shows red (a record failed) or grey (nothing
 * pinned, a proof missing, or a form not checked here). A 'genuine' that contradicts a verified recall is red.
 */
import type { SignatureStatus } from '../verify';

export type PageVerdict = { readonly verdict: string; readonly verified: boolean; readonly reasons: readonly string[] };

export function anchoredTraceVerdict(serverVerdict: string | undefined, statuses: readonly SignatureStatus[], records: readonly Record<string, unknown>[]): PageVerdict {
  if (statuses.length === 0) return { verdict: 'unknown', verified: false, reasons: [] };
  const invalid = statuses.filter((s) => s === 'invalid' || s === 'unknown-key' || s === 'unsigned').length;
  if (invalid > 0) return { verdict: 'invalid', verified: false, reasons: [`${invalid} × invalid`] };
  if (statuses.some((s) => s === 'unanchored')) return { verdict: 'unanchored', verified: false, reasons: [] };
  const unverified = statuses.filter((s) => s !== 'valid').length;
  if (unverified > 0) return { verdict: 'unanchored', verified: false, reasons: [`${unverified} × unverifiable`] };
  const verdict = serverVerdict ?? 'unknown';
  if (verdict === 'genuine' && records.some((r) => r.type === 'trace.recall')) {
    return { verdict: 'invalid', verified: false, reasons: ['the server says genuine, but the chain it served holds a recall'] };
  }
  return { verdict, verified: true, reasons: [] };
}
