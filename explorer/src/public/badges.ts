/** Light pieces of the verification UI, needed before the verification code itself has loaded. */
import { h } from '../dom';
import type { SignatureStatus } from '../verify';
import { p } from './i18n-public';

export type { SignatureStatus };

export function signatureBadge(status: SignatureStatus): HTMLElement {
  const [text, kind] = status === 'valid' ? [p('sigValid'), 'ok'] : status === 'invalid' || status === 'unknown-key' || status === 'unsigned' ? [p('sigInvalid'), 'bad'] : status === 'unanchored' ? [p('sigUnanchored'), 'grey'] : [p('sigOther'), 'grey'];
  return h('span', { class: `sig ${kind}`, 'data-signature': status }, status === 'valid' ? '✔ ' : status === 'invalid' ? '✖ ' : '○ ', text);
}

/** Offers a JSON value as a file download (proofs, evidence packages). */
export function downloadJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = h('a', { href: url, download: name }) as HTMLAnchorElement;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
