/** Credit, licence, tender and batch pages. Each re-verifies every signed record it shows. */
import QRCode from 'qrcode';
import { enc, getFirst } from '../api';
import { add, badge, facts, h, pretty } from '../dom';
import { t, tr } from '../i18n';
import { recordHistory, signedRecordsIn } from './records';
import { evaluateTender } from '../../../chaincode/src/domain/tender/evaluate';

function notFound(root: HTMLElement, title: string, id: string): void {
  add(root, h('h1', {}, title), h('p', { class: 'notfound' }, `${t('notFound')}: ${id}`));
}

export async function fetchCredit(code: string): Promise<unknown> {
  return getFirst([`/api/v1/credit/${enc(code)}`, `/api/v1/credit/subjects/${enc(code)}`, `/api/v1/credit/entries?creditCode=${enc(code)}`]);
}
export async function fetchLicence(number: string): Promise<unknown> {
  return getFirst([`/api/v1/licences/${enc(number)}/verify`, `/api/v1/licences/${enc(number)}`, `/api/v1/licence/${enc(number)}`]);
}
export async function fetchTender(id: string): Promise<unknown> {
  return getFirst([`/api/v1/tenders/${enc(id)}/replay`, `/api/v1/tenders/${enc(id)}`]);
}
export async function fetchBatch(id: string, checkCode?: string | null): Promise<unknown> {
  const query = checkCode ? `?code=${enc(checkCode)}` : '';
  return getFirst([`/api/v1/trace/${enc(id)}${query}`, `/api/v1/batches/${enc(id)}`], { public: true });
}

export async function creditView(root: HTMLElement, code: string): Promise<void> {
  const body = await fetchCredit(code);
  if (body === undefined) return notFound(root, t('credit'), code);
  const found = signedRecordsIn(body);
  const { el } = await recordHistory(found);
  const summary = summaryOf(body, ['subject', 'status', 'lists', 'active', 'provinces']);
  add(root, h('h1', { 'data-kind': 'credit' }, `${t('credit')} · `, h('code', {}, code)), summary, h('h2', {}, t('history')), el);
}

export async function licenceView(root: HTMLElement, number: string): Promise<void> {
  const body = await fetchLicence(number);
  if (body === undefined) return notFound(root, t('licence'), number);
  const status = statusOf(body);
  const { el } = await recordHistory(signedRecordsIn(body));
  add(root, 
    h('h1', { 'data-kind': 'licence' }, `${t('licence')} · `, h('code', {}, number)),
    status ? h('p', {}, `${t('status')}: `, badge(status, /valid|active/i.test(status) ? 'ok' : 'bad')) : null,
    summaryOf(body, ['licence', 'holder', 'status', 'valid', 'validity']),
    h('h2', {}, t('history')),
    el,
  );
}

function statusOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const value = b.status ?? b.state ?? (typeof b.valid === 'boolean' ? (b.valid ? 'valid' : 'invalid') : undefined);
  return typeof value === 'string' ? value : undefined;
}

function summaryOf(body: unknown, keys: readonly string[]): HTMLElement | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const pairs: [string, HTMLElement | string][] = [];
  for (const key of keys) {
    const value = b[key];
    if (value === undefined) continue;
    pairs.push([key, typeof value === 'object' ? pretty(value) : String(value)]);
  }
  return pairs.length > 0 ? facts(pairs) : null;
}

type EvaluateArgs = Parameters<typeof evaluateTender>;

/** Tender replay: the full history, and a "recompute" that re-runs the evaluation formula here. */
export async function tenderView(root: HTMLElement, id: string): Promise<void> {
  const body = await fetchTender(id);
  if (body === undefined) return notFound(root, t('tender'), id);
  const found = signedRecordsIn(body);
  const { el } = await recordHistory(found);
  const b = body as Record<string, unknown>;
  const ledgerResult = (b.result ?? b.evaluation) as Record<string, unknown> | undefined;
  const out = h('div', { id: 'recompute-result' });
  const recompute = (): void => {
    out.textContent = '';
    try {
      const inputs = (b.inputs ?? b.replay) as { tender?: EvaluateArgs[0]; committed?: EvaluateArgs[1]; revealed?: EvaluateArgs[2]; drawn?: EvaluateArgs[3]; scores?: EvaluateArgs[4] } | undefined;
      const tender = inputs?.tender ?? (b.tender as EvaluateArgs[0] | undefined);
      if (!tender || !inputs?.committed || !inputs.revealed || !inputs.drawn || !inputs.scores) throw new Error('the replay does not carry the evaluation inputs');
      const mine = evaluateTender(tender, inputs.committed, inputs.revealed, inputs.drawn, inputs.scores);
      const same = ledgerResult !== undefined && JSON.stringify(mine.ranking) === JSON.stringify(ledgerResult.ranking) && JSON.stringify(mine.recommended) === JSON.stringify(ledgerResult.recommended);
      out.append(h('div', { class: `verdict ${same ? 'ok' : 'bad'}`, 'data-verdict': same ? 'same' : 'different' }, same ? `✔ ${t('recomputeSame')}` : `✖ ${t('recomputeDiffers')}`), pretty(mine));
    } catch (error) {
      out.append(h('div', { class: 'verdict bad', 'data-verdict': 'error' }, `${t('error')}: ${(error as Error).message}`));
    }
  };
  add(root, 
    h('h1', { 'data-kind': 'tender' }, `${t('tender')} · `, h('code', {}, id)),
    ledgerResult ? [h('h2', {}, 'Result'), pretty(ledgerResult)] : null,
    h('p', {}, h('button', { id: 'recompute', onclick: recompute }, t('recompute'))),
    out,
    h('h2', {}, t('history')),
    el,
  );
}

/** Public URL a batch's QR code opens. */
export function traceUrl(batchId: string, checkCode?: string): string {
  const base = `${location.origin}${location.pathname}#/trace/${encodeURIComponent(batchId)}`;
  return checkCode ? `${base}?c=${encodeURIComponent(checkCode)}` : base;
}

export async function batchView(root: HTMLElement, id: string): Promise<void> {
  const body = await fetchBatch(id);
  if (body === undefined) return notFound(root, t('batch'), id);
  const b = body as Record<string, unknown>;
  const checkCode = typeof b.checkCode === 'string' ? b.checkCode : undefined;
  const url = traceUrl(id, checkCode);
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const qr = h('div', { class: 'qr', id: 'batch-qr' });
  qr.innerHTML = svg;
  const { el } = await recordHistory(signedRecordsIn(body));
  const verdict = typeof b.verdict === 'string' ? b.verdict : (b.verdict as { verdict?: string } | undefined)?.verdict;
  add(root, 
    h('h1', { 'data-kind': 'batch' }, `${t('batch')} · `, h('code', {}, id)),
    h(
      'div',
      { class: 'print-label' },
      qr,
      h('div', {}, verdict ? h('p', {}, `${t('verdict')}: `, badge(tr(verdict), verdict === 'genuine' ? 'ok' : 'bad')) : null, h('p', {}, h('a', { href: url }, url)), h('button', { class: 'no-print', onclick: () => window.print() }, t('printQr'))),
    ),
    h('h2', {}, t('chainOfEvents')),
    el,
  );
}
