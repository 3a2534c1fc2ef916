/**
 * The tender page's evidence download (issue 14): the gateway's evidence package — every record with its proof, the
 * block headers, the replay result — saved as JSON for `dtl tender replay <file>` (or `dtl verify <file>`) offline.
 */
import { getJson } from '../api';
import { h } from '../dom';
import { t } from '../i18n';

function save(filename: string, text: string): void {
  // No BOM: the file is JSON for the command line, not a spreadsheet.
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const anchor = h('a', { href: url, download: filename });
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function evidenceButton(tenderId: string): HTMLElement {
  const status = h('span', { class: 'muted', id: 'tender-evidence-status' });
  const button = h(
    'button',
    {
      id: 'tender-evidence',
      onclick: async () => {
        status.textContent = '…';
        const evidence = await getJson(`/api/v1/tenders/${encodeURIComponent(tenderId)}/evidence`).catch(() => undefined);
        if (evidence === undefined) {
          status.textContent = t('evidenceUnavailable');
          return;
        }
        save(`${tenderId}-evidence.json`, `${JSON.stringify(evidence, null, 2)}\n`);
        status.textContent = t('evidenceSaved');
      },
    },
    t('downloadEvidence'),
  );
  return h('p', { class: 'tender-evidence' }, button, ' ', status, ' ', h('code', {}, `dtl tender replay ${tenderId}-evidence.json`));
}
