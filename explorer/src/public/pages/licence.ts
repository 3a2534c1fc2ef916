/**
 * Licence check: the licence number and the licence file; the file's SM3 digest is computed here (the file is not
 * uploaded) and the ledger answers with a verdict. On a mismatch the gateway gives the verdict alone, never the record.
 */
import { h } from '../../dom';
import { chinaDate, facts, getPublic, notice, PublicFetchError, ready } from '../shell';
import { p, pk, type PublicKey } from '../i18n-public';

interface LicenceAnswer {
  result: string;
  number: string;
  fileDigest: string;
  checkedAt?: string;
  licence?: { holder?: { name?: string; creditCode?: string }; licenceType?: string; title?: string; validFrom?: string; validTo?: string; issuer?: string };
}

const VERDICTS = ['valid', 'suspended', 'revoked', 'expired', 'not-yet-valid', 'digest-mismatch', 'unknown'] as const;

/** SM3 of the file, computed here with the shared crypto module (loaded when the reader checks a file). */
export async function fileDigest(file: Blob): Promise<string> {
  const { bytesToHex, sm3 } = await import('@dtl/chaincode/crypto');
  return bytesToHex(sm3(new Uint8Array(await file.arrayBuffer())));
}

export function licencePage(main: HTMLElement, params: URLSearchParams): void {
  const number = h('input', { type: 'text', id: 'licence-number', name: 'number', required: true, maxlength: 128, value: params.get('number') ?? '', autocomplete: 'off' }) as HTMLInputElement;
  const file = h('input', { type: 'file', id: 'licence-file', name: 'file', required: true }) as HTMLInputElement;
  const out = h('section', { id: 'licence-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'licence', id: 'licence-form', onsubmit: (event: Event) => {
      event.preventDefault();
      void check();
    } },
    h('label', { for: 'licence-number' }, p('licenceNumber')),
    number,
    h('label', { for: 'licence-file' }, p('licenceFile')),
    file,
    h('button', { type: 'submit', id: 'licence-check' }, p('check')),
  );
  async function check(): Promise<void> {
    out.replaceChildren();
    const chosen = file.files?.[0];
    if (number.value.trim() === '') return void out.append(notice('error', p('enterNumber')));
    if (chosen === undefined) return void out.append(notice('error', p('chooseFile')));
    out.append(notice('info', p('loading')));
    const digest = await fileDigest(chosen);
    let answer: LicenceAnswer;
    try {
      answer = await getPublic<LicenceAnswer>(`/api/v1/licences/${encodeURIComponent(number.value.trim())}/verify?digest=${digest}`);
    } catch (error) {
      out.replaceChildren(notice('error', error instanceof PublicFetchError && error.status === 400 ? p('badInput') : p('error')));
      return;
    }
    const result = (VERDICTS as readonly string[]).includes(answer.result) ? answer.result : 'unknown';
    const licence = answer.licence;
    out.replaceChildren(
      h('div', { class: `verdict-box r-${result}`, id: 'licence-verdict', 'data-result': result }, p(`licence.${result}` as PublicKey)),
      facts([
        [p('licenceNumber'), h('code', {}, answer.number)],
        [p('digestComputed'), h('code', { class: 'digest' }, digest)],
        // The record's details only when the file matched (the gateway sends none otherwise).
        ...(licence !== undefined && result !== 'digest-mismatch' && result !== 'unknown'
          ? ([
              [p('holder'), licence.holder?.name ?? ''],
              [p('licenceType'), licence.licenceType ? pk('licenceType', licence.licenceType) : ''],
              [p('validity'), `${chinaDate(licence.validFrom)} — ${chinaDate(licence.validTo)}`],
            ] as Array<readonly [string, string]>)
          : []),
      ]),
    );
  }
  main.append(h('h1', {}, p('licenceTitle')), h('p', { class: 'intro' }, p('licenceIntro')), form, out);
  ready(main);
}
