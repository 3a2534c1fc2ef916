/**
 * The public page a consumer reaches by scanning a batch's QR code: mobile-first, no login, one clear verdict
 * (genuine / recalled / unknown …) and the chain of events with who signed each. Every signature is re-checked
 * here; one that does not verify makes the verdict "unknown", whatever the server said.
 */
import { add, badge, h } from '../dom';
import { t, tr } from '../i18n';
import { formatTime } from '../util';
import { checkRecordSignature } from '../verify';
import { fetchTrace } from './domain';
import { signedRecordsIn, statusBadge } from './records';

const ICON: Record<string, string> = { genuine: '✔', recalled: '⚠', 'failed-inspection': '✖', unknown: '?' };

export async function traceView(root: HTMLElement, batchId: string, params: URLSearchParams): Promise<void> {
  // A scanned label carries the QR payload (dtl-trace:1:<batchId>:<checkCode>): the ledger checks the code.
  const body = await fetchTrace(params.get('qr') ?? batchId).catch(() => undefined);
  const b = (body ?? {}) as Record<string, unknown>;
  const found = body === undefined ? [] : signedRecordsIn(body);
  const statuses = await Promise.all(found.map((f) => checkRecordSignature(f.record)));
  const serverVerdict = typeof b.verdict === 'string' ? b.verdict : ((b.verdict as { verdict?: string } | undefined)?.verdict ?? undefined);
  let verdict = body === undefined ? 'unknown' : (serverVerdict ?? 'unknown');
  const reasons: string[] = [];
  if (statuses.some((s) => s !== 'valid')) {
    verdict = 'unknown';
    reasons.push(`${statuses.filter((s) => s !== 'valid').length} × ${t('sigInvalid')}`);
  }
  const batch = (found.find((f) => f.record.type === 'trace.batch.register')?.record ?? b.batch) as Record<string, unknown> | undefined;
  const product = (batch?.product as { name?: string } | undefined)?.name;
  const origin = batch?.origin as { province?: string; city?: string; county?: string; place?: string } | undefined;
  const producer = batch?.producer as { name?: string } | undefined;
  const events = found
    .map((f, i) => ({ f, status: statuses[i] ?? 'invalid' }))
    .sort((a, b2) => String(a.f.record.occurredAt ?? a.f.committedAt ?? '').localeCompare(String(b2.f.record.occurredAt ?? b2.f.committedAt ?? '')));
  add(root, 
    h(
      'div',
      { class: 'trace-page' },
      h('p', { class: 'trace-intro' }, t('traceIntro')),
      h('div', { class: `trace-verdict v-${verdict}`, id: 'trace-verdict', 'data-verdict': verdict }, h('div', { class: 'trace-icon' }, ICON[verdict] ?? '?'), h('div', { class: 'trace-word' }, tr(verdict))),
      reasons.length > 0 ? h('p', { class: 'trace-reasons' }, reasons.join('; ')) : null,
      h(
        'dl',
        { class: 'trace-facts' },
        h('dt', {}, t('batch')),
        h('dd', {}, h('code', {}, batchId)),
        product ? [h('dt', {}, t('product')), h('dd', {}, product)] : null,
        origin ? [h('dt', {}, t('origin')), h('dd', {}, [origin.province, origin.city, origin.county, origin.place].filter(Boolean).join(' '))] : null,
        producer?.name ? [h('dt', {}, t('producer')), h('dd', {}, producer.name)] : null,
      ),
      h('h2', {}, t('chainOfEvents')),
      h(
        'ol',
        { class: 'trace-events' },
        events.map(({ f, status }) =>
          h(
            'li',
            { class: `trace-event ${status === 'valid' ? 'ok' : 'bad'}` },
            h('div', { class: 'trace-event-kind' }, String(f.record.kind ?? f.record.type ?? '')),
            h('div', { class: 'trace-event-time' }, formatTime(String(f.record.occurredAt ?? f.committedAt ?? ''))),
            h('div', { class: 'trace-event-signer' }, `${t('signedBy')} `, h('strong', {}, String(f.record.department ?? '?')), ' ', statusBadge(status)),
          ),
        ),
      ),
      h('p', { class: 'note' }, badge(t('verifyInBrowser'), statuses.length > 0 && statuses.every((s) => s === 'valid') ? 'ok' : 'warn'), ' ', t('verifyNote')),
    ),
  );
}
