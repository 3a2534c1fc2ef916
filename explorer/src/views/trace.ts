/**
 * The public page a consumer reaches by scanning a batch's QR code: mobile-first, no login, one clear verdict
 * (genuine / recalled / unknown …) and the chain of events with who signed each. Every signature is re-checked
 * here; one that does not verify makes the verdict "unknown", whatever the server said.
 */
import { add, badge, h } from '../dom';
import { t, tr } from '../i18n';
import { checkRecordSignature, type SignatureStatus } from '../verify';
import { fetchTrace } from './domain';
import { chinaTime, verdictLevelCard } from './verdict-level';
import { signedRecordsIn, statusBadge } from './records';

type Status = SignatureStatus | 'ledger';

/** Registration first, recalls last, events in between by when they happened. */
function rank(record: Record<string, unknown>): number {
  return record.type === 'trace.batch.register' || record.type === 'trace.derivation' ? 0 : record.type === 'trace.recall' ? 2 : 1;
}

interface ChainEntry {
  record: Record<string, unknown>;
  txId: string;
  committedAt: string;
  department?: string;
  departmentName?: string;
  province?: string;
  signatureStatus?: string;
}

export async function traceView(root: HTMLElement, batchId: string, params: URLSearchParams): Promise<void> {
  // A scanned label carries the QR payload (dtl-trace:1:<batchId>:<checkCode>): the ledger checks the code.
  const body = await fetchTrace(params.get('qr') ?? batchId).catch(() => undefined);
  const b = (body ?? {}) as Record<string, unknown>;
  const chain = (Array.isArray(b.chain) ? b.chain : []) as ChainEntry[];
  const found = chain.length > 0 ? chain.map((c) => ({ record: c.record, txId: c.txId, committedAt: c.committedAt })) : body === undefined ? [] : signedRecordsIn(body);
  // Re-check every signature here. Without a login the key registry may be closed to this page: then the ledger's
  // own re-check is shown as such ("ledger"), never as verified here; a signature that fails here is always red.
  const mine = await Promise.all(found.map((f) => checkRecordSignature(f.record)));
  const statuses: Status[] = mine.map((status, i) => (status === 'unknown-key' && chain[i]?.signatureStatus === 'valid' ? 'ledger' : status));
  const serverVerdict = typeof b.verdict === 'string' ? b.verdict : undefined;
  let verdict = body === undefined ? 'unknown' : (serverVerdict ?? 'unknown');
  const reasons: string[] = Array.isArray(b.reasons) ? (b.reasons as unknown[]).map(String) : [];
  const allHere = statuses.length > 0 && statuses.every((s) => s === 'valid');
  const bad = statuses.filter((s) => s !== 'valid' && s !== 'ledger').length;
  if (bad > 0) {
    verdict = 'unknown';
    reasons.push(`${bad} × ${t('sigInvalid')}`);
  }
  const batch = (found.find((f) => f.record.type === 'trace.batch.register')?.record ?? b.batch) as Record<string, unknown> | undefined;
  const product = (batch?.product as { name?: string } | undefined)?.name;
  const origin = batch?.origin as { province?: string; city?: string; county?: string; place?: string } | undefined;
  const producer = batch?.producer as { name?: string } | undefined;
  const events = found
    .map((f, i) => ({ f, status: statuses[i] ?? ('invalid' as Status), entry: chain[i] }))
    // Ordered by event time: occurredAt carries its time zone, so compare instants, not text.
    .sort((a, b2) => rank(a.f.record) - rank(b2.f.record) || Date.parse(String(a.f.record.occurredAt ?? a.f.committedAt ?? '')) - Date.parse(String(b2.f.record.occurredAt ?? b2.f.committedAt ?? '')));
  add(root, 
    h(
      'div',
      { class: 'trace-page' },
      h('p', { class: 'trace-intro' }, t('traceIntro')),
      // The verdict level (issue 14): what is known, in the reader's language; page-side failures shown with it.
      verdictLevelCard(b.level, verdict, bad > 0 ? reasons.slice(-1) : []),
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
        events.map(({ f, status, entry }) =>
          h(
            'li',
            { class: `trace-event ${status === 'valid' || status === 'ledger' ? 'ok' : 'bad'}`, 'data-signature': status },
            h('div', { class: 'trace-event-kind' }, tr(String(f.record.kind ?? f.record.type ?? ''))),
            h('div', { class: 'trace-event-time' }, chinaTime(String(f.record.occurredAt ?? f.committedAt ?? ''))),
            h(
              'div',
              { class: 'trace-event-signer' },
              `${t('signedBy')} `,
              h('strong', {}, entry?.departmentName || String(f.record.department ?? '?')),
              entry?.province ? ` (${tr(entry.province)})` : '',
              ' ',
              status === 'ledger' ? h('span', { class: 'sig', 'data-status': 'ledger' }, badge(t('sigLedger'), 'info')) : statusBadge(status),
            ),
          ),
        ),
      ),
      allHere ? h('p', { class: 'note' }, badge(t('verifyInBrowser'), 'ok'), ' ', t('verifyNote')) : h('p', { class: 'note' }, badge(t('sigLedger'), 'info'), ' ', t('ledgerNote')),
    ),
  );
}
