/**
 * Credit, licence, tender and batch pages. Which transactions hold each history comes from the gateway's read model;
 * the signed records are read from those transactions and every one re-verified here; the gateway's
 * state view is shown beside it when it answers.
 */
import QRCode from 'qrcode';
import { ApiError, enc, getJson, getTransaction } from '../api';
import { add, badge, facts, h, pretty, table } from '../dom';
import { t, tr } from '../i18n';
import { indexAll, type RecordRow } from '../read-model';
import { recordHistory, type FoundRecord } from './records';
import { replayTender, type TenderLedgerRecords } from '../../../chaincode/src/domain/tender/replay';
import { evaluateTender } from '../../../chaincode/src/domain/tender/evaluate';
import { evidenceButton } from './tender-evidence';

export type IdKind = 'credit' | 'licence' | 'batch' | 'tender' | 'record';

/** The read model's records for a business id: credit entries by subject, the rest by the entity they are about. */
async function indexedRecords(kind: IdKind, id: string): Promise<RecordRow[]> {
  if (kind === 'record') return indexAll<RecordRow>('records', { id });
  if (kind === 'credit') {
    // A subject's entries, then everything pointing at each entry (repairs, decisions).
    const entries = await indexAll<RecordRow>('records', { subject: id, family: 'credit' });
    const related = await Promise.all([...new Set(entries.map((e) => e.refId).filter((r): r is string => r !== null))].map((entryId) => indexAll<RecordRow>('records', { ref: entryId })));
    return [...entries, ...related.flat()];
  }
  return indexAll<RecordRow>('records', { ref: id, family: kind === 'batch' ? 'trace' : kind });
}

/**
 * Records found under a business id: the read model says which transactions (one request per list page), each
 * transaction is then fetched and its signed record re-verified here, as before.
 */
export async function chainRecords(kind: IdKind, id: string): Promise<FoundRecord[]> {
  const rows = await indexedRecords(kind, id);
  const txIds = [...new Set(rows.map((r) => r.txId))];
  const fetched = await Promise.all(txIds.map((txId) => getTransaction(txId).catch(() => undefined)));
  const found: FoundRecord[] = [];
  for (const item of fetched) {
    if (!item || item.tx.validationCode !== 'VALID') continue;
    const arg = item.tx.args[0];
    let record: Record<string, unknown> | undefined;
    try {
      record = arg ? (JSON.parse(arg) as Record<string, unknown>) : undefined;
    } catch {
      record = undefined;
    }
    if (!record || typeof record.id !== 'string') continue;
    let committedAt = item.tx.timestamp;
    try {
      const receipt = JSON.parse(item.tx.events[0]?.payload ?? '{}') as { committedAt?: string };
      committedAt = receipt.committedAt ?? committedAt;
    } catch {
      /* keep the tx time */
    }
    found.push({ record, txId: item.tx.txId, committedAt });
  }
  return found;
}

/** The gateway's state view, or a note saying why it is not shown (403 without a grant, 501 not deployed …). */
async function stateView(path: string): Promise<{ value?: unknown; note?: string }> {
  try {
    const value = await getJson(path);
    return value === undefined ? { note: t('noEndpoint') } : { value };
  } catch (error) {
    return { note: error instanceof ApiError ? error.message : String(error) };
  }
}

function notFound(root: HTMLElement, title: string, id: string): void {
  add(root, h('h1', {}, title), h('p', { class: 'notfound' }, `${t('notFound')}: ${id}`));
}

function stateBlock(state: { value?: unknown; note?: string }, summary: (value: Record<string, unknown>) => HTMLElement | null): HTMLElement {
  if (state.value && typeof state.value === 'object') {
    return h('div', { class: 'state' }, summary(state.value as Record<string, unknown>), h('details', {}, h('summary', {}, 'API'), pretty(state.value)));
  }
  return h('p', { class: 'note state-note' }, `API: ${state.note ?? '—'}`);
}

/**
 * The gateway's state view of possibly another province's data, on demand only: the gateway records such a read
 * on the ledger (and refuses it without a grant), so the explorer does not make it just because a page was opened.
 */
function lazyState(path: string, summary: (value: Record<string, unknown>) => HTMLElement | null): HTMLElement {
  const holder = h('div', { class: 'state-holder' });
  const button = h('button', {
    id: 'ask-state',
    onclick: async () => {
      button.setAttribute('disabled', '');
      const state = await stateView(path);
      holder.replaceChildren(stateBlock(state, summary));
    },
  }, t('askState'));
  holder.append(h('p', { class: 'note' }, t('stateNote')), button);
  return holder;
}

export async function creditView(root: HTMLElement, code: string): Promise<void> {
  const found = await chainRecords('credit', code);
  if (found.length === 0) return notFound(root, t('credit'), code);
  const { el } = await recordHistory(found);
  add(
    root,
    h('h1', { 'data-kind': 'credit' }, `${t('credit')} · `, h('code', {}, code)),
    lazyState(`/api/v1/credit/subjects/${enc(code)}`, (v) =>
      facts([
        ['black list', v.blacklisted === true ? badge('yes', 'bad') : v.blacklisted === false ? badge('no', 'ok') : undefined],
        ['red list', v.redlisted === true ? badge('yes', 'ok') : v.redlisted === false ? 'no' : undefined],
        ['measures', Array.isArray(v.measures) ? v.measures.join(', ') || '—' : undefined],
        [t('province'), Array.isArray(v.provinces) ? v.provinces.map((p) => tr(String(p))).join(', ') : undefined],
      ]),
    ),
    h('h2', {}, t('history')),
    el,
  );
}

export async function licenceView(root: HTMLElement, number: string): Promise<void> {
  const found = await chainRecords('licence', number);
  if (found.length === 0) return notFound(root, t('licence'), number);
  const { el } = await recordHistory(found);
  add(
    root,
    h('h1', { 'data-kind': 'licence' }, `${t('licence')} · `, h('code', {}, number)),
    lazyState(`/api/v1/licences/${enc(number)}`, (v) =>
      facts([
        [t('status'), typeof v.status === 'string' ? badge(v.status, v.status === 'valid' || v.status === 'active' ? 'ok' : 'bad') : undefined],
        ['title', typeof v.title === 'string' ? v.title : undefined],
        ['holder', v.holder && typeof v.holder === 'object' ? `${(v.holder as { name?: string }).name ?? ''} ${(v.holder as { creditCode?: string }).creditCode ?? ''}` : undefined],
        ['issuer', typeof v.issuer === 'string' ? v.issuer : undefined],
        ['valid', typeof v.validFrom === 'string' ? `${v.validFrom} — ${String(v.validTo ?? '')}` : undefined],
      ]),
    ),
    h('h2', {}, t('history')),
    el,
  );
}

function stored(f: FoundRecord): { record: never; txId: string; committedAt: string } {
  return { record: f.record as never, txId: f.txId ?? '', committedAt: f.committedAt ?? '' };
}

/** Tender replay: every record from the chain, and a "recompute" that re-runs the draw check and the evaluation here. */
export async function tenderView(root: HTMLElement, id: string): Promise<void> {
  const [found, state] = await Promise.all([chainRecords('tender', id), stateView(`/api/v1/tenders/${enc(id)}`)]);
  if (found.length === 0) return notFound(root, t('tender'), id);
  const { el } = await recordHistory(found);
  const v = (state.value ?? {}) as { draw?: TenderLedgerRecords['draw'] extends infer D ? (D extends { outcome: infer O } ? O : never) : never; result?: TenderLedgerRecords['result'] };
  const of = (type: string): FoundRecord[] => found.filter((f) => f.record.type === type).sort((a, b) => (a.committedAt ?? '').localeCompare(b.committedAt ?? ''));
  const publish = of('tender.publish')[0];
  const out = h('div', { id: 'recompute-result' });
  const recompute = (): void => {
    out.textContent = '';
    try {
      if (!publish) throw new Error('no tender.publish record on the chain');
      const drawRecord = of('tender.draw')[0];
      const awardRecord = of('tender.award')[0];
      const records: TenderLedgerRecords = {
        tender: stored(publish),
        commits: of('tender.bid.commit').map(stored),
        reveals: of('tender.bid.reveal').map(stored),
        scores: of('tender.score').map(stored),
        ...(drawRecord && v.draw ? { draw: { stored: stored(drawRecord), outcome: v.draw } } : {}),
        ...(v.result ? { result: v.result } : {}),
        ...(awardRecord ? { award: stored(awardRecord) } : {}),
      };
      const replay = replayTender(records);
      if (replay.result === undefined && v.result === undefined) {
        // No stored result to compare with: evaluate from the chain alone (committee = the experts who scored).
        const scores = of('tender.score').map((s) => ({ bidId: String(s.record.bidId), expertId: String(s.record.department), score: Number(s.record.score) }));
        const drawn = [...new Set(scores.map((s) => s.expertId))];
        const reveals = of('tender.bid.reveal').map((r) => ({ bidId: String(r.record.bidId), bid: r.record.bid as never }));
        const result = evaluateTender(publish.record as never, records.commits.map((c) => ({ bidId: String((c.record as { id: string }).id), bidderCreditCode: String((c.record as { bidderCreditCode: string }).bidderCreditCode), bidderName: String((c.record as { bidderName: string }).bidderName), commitment: String((c.record as { commitment: string }).commitment), commitTxId: c.txId, committedAt: c.committedAt })), reveals, drawn, scores);
        add(out, h('div', { class: 'verdict ok', 'data-verdict': 'computed' }, `✔ ${t('recompute')}`), pretty(result));
        return;
      }
      const same = replay.ok && (replay.result?.matches ?? false);
      add(
        out,
        h('div', { class: `verdict ${same ? 'ok' : 'bad'}`, 'data-verdict': same ? 'same' : 'different' }, same ? `✔ ${t('recomputeSame')}` : `✖ ${t('recomputeDiffers')}`, replay.problems.length > 0 ? h('ul', {}, replay.problems.map((p) => h('li', {}, p))) : null),
        replay.result ? pretty(replay.result.recomputed) : null,
      );
    } catch (error) {
      add(out, h('div', { class: 'verdict bad', 'data-verdict': 'error' }, `${t('error')}: ${(error as Error).message}`));
    }
  };
  const stages = ['tender.publish', 'tender.bid.commit', 'tender.bid.reveal', 'tender.draw', 'tender.score', 'tender.evaluate', 'tender.award'];
  add(
    root,
    h('h1', { 'data-kind': 'tender' }, `${t('tender')} · `, h('code', {}, id)),
    publish ? h('p', {}, String(publish.record.title ?? '')) : null,
    h('div', { class: 'cards' }, stages.map((s) => h('div', { class: 'card' }, h('div', { class: 'card-label' }, s), h('div', { class: 'card-value' }, String(of(s).length))))),
    v.draw ? h('p', { id: 'tender-draw' }, `${t('drawn')}: `, v.draw.drawn.map((e) => h('code', { class: 'chip' }, e)), ` · seed ${v.draw.seed.slice(0, 16)}…`) : null,
    evidenceButton(id),
    v.result
      ? [
          h('h2', {}, t('resultLedger')),
          table(
            ['#', 'bid', t('bidder'), t('price'), t('priceScore'), t('technicalScore'), t('totalScore')],
            v.result.ranking.map((r) => [
              String(r.rank),
              h('code', {}, r.bidId),
              `${r.bidderName} ${r.bidderCreditCode}`,
              `¥${(r.price / 100).toLocaleString()}`,
              (r.priceScore / 100).toFixed(2),
              (r.technicalScore / 100).toFixed(2),
              h('strong', {}, (r.totalScore / 100).toFixed(2)),
            ]),
            { id: 'tender-ranking' },
          ),
          h('p', {}, `${t('recommended')}: `, v.result.recommended.join(', ')),
        ]
      : stateBlock(state, () => null),
    h('p', {}, h('button', { id: 'recompute', onclick: recompute }, t('recompute'))),
    out,
    h('h2', {}, t('history')),
    el,
  );
}

/** Public URL a batch's QR code opens (the trace page, with the QR payload so the check code is verified). */
export function traceUrl(batchId: string, qrPayload?: string): string {
  const base = `${location.origin}${location.pathname}#/trace/${encodeURIComponent(batchId)}`;
  return qrPayload ? `${base}?qr=${encodeURIComponent(qrPayload)}` : base;
}

export async function fetchTrace(query: string): Promise<Record<string, unknown> | undefined> {
  return getJson<Record<string, unknown>>(`/api/v1/trace/${enc(query)}`, { public: true });
}

export async function batchView(root: HTMLElement, id: string): Promise<void> {
  const [found, trace] = await Promise.all([chainRecords('batch', id), fetchTrace(id).catch(() => undefined)]);
  if (found.length === 0 && (trace === undefined || trace.batch === undefined)) return notFound(root, t('batch'), id);
  const qrPayload = typeof trace?.qr === 'string' ? trace.qr : undefined;
  // The public trace page's address under DTL_PUBLIC_URL, as the gateway prints it on labels (issue 17).
  const address = await getJson<{ address?: string }>(`/api/v1/public/batches/${enc(id)}/address`, { public: true }).catch(() => undefined);
  const url = typeof address?.address === 'string' ? address.address : traceUrl(id, qrPayload);
  const qr = h('div', { class: 'qr', id: 'batch-qr' });
  qr.innerHTML = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const { el } = await recordHistory(found);
  const verdict = typeof trace?.verdict === 'string' ? trace.verdict : undefined;
  add(
    root,
    h('h1', { 'data-kind': 'batch' }, `${t('batch')} · `, h('code', {}, id)),
    h(
      'div',
      { class: 'print-label' },
      qr,
      h(
        'div',
        {},
        verdict ? h('p', {}, `${t('verdict')}: `, badge(tr(verdict), verdict === 'genuine' ? 'ok' : 'bad')) : null,
        qrPayload ? h('p', {}, h('code', {}, qrPayload)) : null,
        h('p', {}, h('a', { href: url, id: 'trace-link' }, url)),
        h('button', { class: 'no-print', onclick: () => window.print() }, t('printQr')),
      ),
    ),
    h('h2', {}, t('chainOfEvents')),
    el,
  );
}
