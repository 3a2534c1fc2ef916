/**
 * Verification on the public pages, with the audit explorer's own modules: every record is checked in this browser
 * against the trust bundle the reader pinned (verify-anchored.ts, the same checks as `dtl verify --trust`), never
 * on the server's word. Without a pin the answer is "not verified" (grey), never green.
 */
import { h } from '../dom';
import type { Proof } from '../../../gateway/src/proof/types';
import { checkRecordSignature, type SignatureStatus } from '../verify';
import { rememberProofs } from '../verify-anchored';
import { p } from './i18n-public';

export type { SignatureStatus };

/** Checks each proof's record against the pinned bundle; statuses in the order given. */
export async function verifyProofs(proofs: readonly Proof[]): Promise<SignatureStatus[]> {
  rememberProofs(proofs);
  return Promise.all(proofs.map((proof) => checkRecordSignature(proof.record, proof.txId)));
}

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
