/**
 * The panel that shows the trust bundle this browser pins (pinned-bundle.ts) with its phone-readable
 * fingerprint and lets the user replace it. A bundle the server offers is never pinned without the user comparing
 * its fingerprint first; without a pinned bundle nothing is verified (verdicts stay grey).
 */
import { parseTrustBundle } from '../../gateway/src/trust/bundle';
import { getJson } from './api';
import { pinBundle, pinnedBundle, unpinBundle } from './pinned-bundle';
import { h } from './dom';
import { tt } from './i18n-trust';

/** The panel: the pinned fingerprint (or none), paste-to-pin, and the server's bundle behind a fingerprint check. */
export function trustPanel(onChange: () => void): HTMLElement {
  const bundle = pinnedBundle();
  const message = h('p', { class: 'anchor-message' });
  const area = h('textarea', { class: 'anchor-input', rows: '4', placeholder: tt('anchorPaste'), 'aria-label': tt('anchorPaste') }) as HTMLTextAreaElement;
  const offered = h('div', { class: 'anchor-offered' });
  const pinText = (): void => {
    try {
      pinBundle(JSON.parse(area.value));
      onChange();
    } catch (error) {
      message.textContent = `${tt('anchorBad')}: ${(error as Error).message}`;
    }
  };
  const fromServer = async (): Promise<void> => {
    offered.replaceChildren();
    try {
      const served = parseTrustBundle(await getJson('/api/v1/trust', { public: true }));
      offered.append(
        h('p', {}, tt('anchorServerWarn'), ' ', h('strong', { class: 'fingerprint', id: 'offered-fingerprint' }, String(served.fingerprint))),
        h('button', { type: 'button', id: 'anchor-confirm', onclick: () => (pinBundle(served), onChange()) }, tt('anchorConfirm')),
      );
    } catch (error) {
      message.textContent = `${tt('anchorBad')}: ${(error as Error).message}`;
    }
  };
  return h(
    'section',
    { class: `trust-anchor ${bundle ? 'pinned' : 'none'}`, id: 'trust-anchor', 'data-fingerprint': bundle?.fingerprint ?? '' },
    h('strong', {}, `${tt('anchorTitle')}: `),
    bundle
      ? [h('span', { class: 'fingerprint', id: 'anchor-fingerprint' }, String(bundle.fingerprint)), ' ', h('span', { class: 'anchor-publisher' }, `(${tt('anchorPublisher')} ${bundle.publisher})`), h('p', { class: 'note' }, tt('anchorPinned'), '. ', tt('anchorCompare'))]
      : h('span', { class: 'anchor-none' }, tt('anchorNone')),
    h(
      'details',
      {},
      h('summary', {}, tt('anchorReplace')),
      area,
      h('button', { type: 'button', id: 'anchor-pin', onclick: pinText }, tt('anchorPin')),
      ' ',
      h('button', { type: 'button', id: 'anchor-from-server', onclick: () => void fromServer() }, tt('anchorFromServer')),
      bundle ? [' ', h('button', { type: 'button', id: 'anchor-unpin', onclick: () => (unpinBundle(), onChange()) }, tt('anchorRemove'))] : null,
      offered,
      message,
    ),
  );
}
