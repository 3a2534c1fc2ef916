/**
 * The trace page a label's QR code opens (`/trace/<batchId>?c=<checkCode>`), or a code-entry box without a code:
 * the verdict level the chaincode computed (as far as this browser verified it against the pinned trust bundle),
 * the batch's facts, a recall notice with reason, legal basis and advice, and the full chain of events ordered by
 * event time with inspection results (laboratory, report number), inputs, route and seller, each with who signed it.
 */
import { add, h, type Child } from '../../dom';
import { lang, t, tr } from '../../i18n';
import type { Proof } from '../../../../gateway/src/proof/types';
import { anchoredTraceVerdict } from '../../views/trace-verification';
import { chinaTime, verdictLevelCard } from '../../views/verdict-level';
import { p, type PublicKey } from '../i18n-public';
import { facts, getPublic, notice, ready } from '../shell';
import { signatureBadge, type SignatureStatus } from '../badges';
import { urls } from '../urls';
import { searchForm } from './home';
import { textOf } from '../text';
import type { ChainEntry } from '../../views/trace';

type Details = Record<string, unknown>;


export function eventTime(entry: ChainEntry): number {
  return Date.parse(textOf(entry.record.occurredAt) || entry.committedAt);
}

export function orderByEventTime<T extends ChainEntry>(chain: readonly T[]): T[] {
  // By when it happened (occurredAt, else when it was committed): the issue's registration-above-planting is gone.
  return [...chain].sort((a, b) => eventTime(a) - eventTime(b));
}

function kindName(record: Record<string, unknown>): string {
  if (record.type === 'trace.event') return tr(textOf(record.kind));
  return p(`kind.${textOf(record.type)}` as PublicKey);
}

/** A harvest season as written on the batch (2025-autumn) in the reader's language. */
function season(value: unknown): string {
  const match = /^(\d{4})-(spring|summer|autumn|winter)$/.exec(textOf(value));
  if (match === null) return textOf(value);
  return lang() === 'zh-CN' ? `${match[1] ?? ''}年${p(`season.${match[2] ?? 'spring'}` as PublicKey)}` : `${p(`season.${match[2] ?? 'spring'}` as PublicKey)} ${match[1] ?? ''}`;
}

/** What an event says, in the reader's language: inspection, inputs, route, seller, derivation. */
function eventDetails(record: Record<string, unknown>): Array<readonly [string, Child]> {
  const d = (record.details ?? {}) as Details;
  switch (record.type === 'trace.event' ? textOf(record.kind) : textOf(record.type)) {
    case 'inspection':
      return [
        [p('laboratory'), textOf(d.laboratory)],
        [p('reportNumber'), h('code', {}, textOf(d.reportNumber))],
        [p('inspectionResult'), h('strong', { class: d.result === 'pass' ? 'pass' : 'fail', 'data-result': textOf(d.result) }, d.result === 'pass' ? p('resultPass') : p('resultFail'))],
        [p('items'), Array.isArray(d.items) ? d.items.map(textOf).join('、') : ''],
      ];
    case 'shipment':
      return [[p('route'), `${textOf(d.from)} → ${textOf(d.to)}`], [p('carrier'), textOf(d.carrier)]];
    case 'sale':
      return [[p('seller'), textOf(d.seller)], [p('channel'), textOf(d.channel)]];
    case 'input-use':
      return [[p('inputs'), textOf(d.name)], [p('dose'), textOf(d.dose)], [p('safetyInterval'), textOf(d.safetyIntervalDays)]];
    case 'trace.derivation':
      return [[p('derivedFrom'), (Array.isArray(record.inputs) ? record.inputs : []).map((i) => textOf((i as Details).batchId)).join(', ')], [p('process'), textOf(record.process)]];
    case 'trace.recall':
      return [[p('recallReason'), textOf(record.reason)], [p('recallBasis'), textOf(record.legalBasis)]];
    default:
      // Production and processing details, under translated names only (no raw field names on the page).
      return [[p('method'), textOf(d.method)], [p('plot'), textOf(d.plot)], [p('variety'), textOf(d.variety)], [p('process'), textOf(d.process)]];
  }
}

function entryForm(main: HTMLElement): void {
  add(main, h('h1', {}, p('traceTitle')), h('p', { class: 'intro' }, p('traceEnter')), searchForm('trace-code-form', '/trace', 'code', p('traceLabel'), p('tracePlaceholder'), '', (code) => location.assign(`/trace/${encodeURIComponent(code)}`)));
}

export async function tracePage(main: HTMLElement, batchId: string | undefined, params: URLSearchParams): Promise<void> {
  const code = params.get('code');
  if (batchId === undefined && code) return void location.replace(`/trace/${encodeURIComponent(code.trim())}`);
  if (batchId === undefined) {
    entryForm(main);
    ready(main);
    return;
  }
  const view = await getPublic<Record<string, unknown>>(urls.trace(batchId, params.get('c'))).catch(() => undefined);
  const chain = orderByEventTime((Array.isArray(view?.chain) ? view.chain : []) as ChainEntry[]);
  // First view: what the ledger says, greyed (not verified yet). Then every record is checked here against the pinned
  // bundle, and the verdict becomes the server's only when all of them verify (trace-verification.ts).
  let statuses: SignatureStatus[] = chain.map(() => 'unverifiable');
  const verdictSlot = h('div', { id: 'verdict-slot' }, verdictLevelCard(view?.level, view === undefined ? 'unknown' : 'unanchored', []));
  const trustSlot = h('div', { id: 'trust-slot' });
  const registration = chain.find((c) => c.record.type === 'trace.batch.register')?.record ?? (view?.batch as Record<string, unknown> | undefined);
  const product = (registration?.product ?? {}) as Details;
  const origin = (registration?.origin ?? {}) as Details;
  const producer = (registration?.producer ?? {}) as Details;
  const recalls = chain.filter((c) => c.record.type === 'trace.recall');
  add(main, 
    h('h1', {}, p('traceTitle')),
    verdictSlot,
    recalls.length === 0
      ? null
      : h(
          'section',
          { class: 'recall-notice', id: 'recall-notice' },
          h('h2', {}, '⚠ ', p('recallNotice')),
          recalls.map((r) => facts([[p('batch'), h('code', {}, textOf(r.record.batchId))], [p('recallReason'), textOf(r.record.reason)], [p('recallBasis'), textOf(r.record.legalBasis)], [p('recallBy'), r.departmentName ?? textOf(r.record.department)], [p('recallAdvice'), t('levelRecallAdvice')]])),
        ),
    facts([
      [p('batch'), h('code', { id: 'trace-batch' }, batchId)],
      [p('product'), textOf(product.name)],
      [p('quantity'), registration ? `${textOf(registration.quantity)} ${textOf(registration.unit)}` : ''],
      [p('origin'), [origin.province, origin.city, origin.county, origin.place].map(textOf).filter(Boolean).join(' ')],
      [p('producer'), textOf(producer.name)],
      [p('harvestSeason'), season(registration?.harvestSeason)],
    ], { class: 'facts trace-facts' }),
    h('p', { class: 'actions' }, h('a', { href: `/api/v1/public/batches/${encodeURIComponent(batchId)}/labels.pdf`, class: 'button', id: 'labels-pdf' }, p('printLabels'))),
    h('h2', {}, p('chain')),
    chain.length === 0
      ? notice('empty', p('nothing'))
      : h(
          'ol',
          { class: 'trace-events' },
          chain.map((entry, i) => {
            const status: SignatureStatus | 'pending' = 'pending';
            return h(
              'li',
              { class: 'trace-event', 'data-signature': status, 'data-index': i, 'data-type': textOf(entry.record.type), 'data-kind': textOf(entry.record.kind) },
              h('div', { class: 'trace-event-kind' }, kindName(entry.record), textOf(entry.record.batchId) !== batchId && textOf(entry.record.batchId) ? h('span', { class: 'meta' }, ` · ${textOf(entry.record.batchId)}`) : null),
              h('div', { class: 'trace-event-time' }, chinaTime(textOf(entry.record.occurredAt) || entry.committedAt)),
              facts(eventDetails(entry.record)),
              h('div', { class: 'trace-event-signer' }, `${p('signedBy')} `, h('strong', {}, entry.departmentName || textOf(entry.record.department)), entry.province ? ` (${tr(entry.province)})` : '', ' ', h('span', { class: 'sig-slot' })),
            );
          }),
        ),
    trustSlot,
    searchForm('trace-code-form', '/trace', 'code', p('traceLabel'), p('tracePlaceholder'), '', (code) => location.assign(`/trace/${encodeURIComponent(code)}`)),
  );
  ready(main);
  const [verification, proofs] = await Promise.all([import('../verification'), getPublic<{ proofs?: Proof[] }>(urls.traceProofs(batchId)).catch(() => undefined)]);
  const byTx = new Map((Array.isArray(proofs?.proofs) ? proofs.proofs : []).map((proof) => [proof.txId, proof]));
  statuses = await verification.verifyProofs(chain.map((c) => byTx.get(c.txId) ?? ({ record: c.record, txId: c.txId } as unknown as Proof)));
  const page = anchoredTraceVerdict(view === undefined ? undefined : textOf(view.verdict) || undefined, statuses, chain.map((c) => c.record));
  verdictSlot.replaceChildren(verdictLevelCard(view?.level, page.verdict, []));
  main.querySelectorAll<HTMLElement>('.trace-event').forEach((li, i) => {
    const status = statuses[i] ?? 'unverifiable';
    li.setAttribute('data-signature', status);
    li.classList.add(status === 'valid' ? 'ok' : 'bad');
    li.querySelector('.sig-slot')?.replaceChildren(signatureBadge(status));
  });
  trustSlot.replaceChildren(verification.trustPanel(() => location.reload()));
  main.setAttribute('data-verified', '1');
}
