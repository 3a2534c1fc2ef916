/**
 * The public page a consumer reaches by scanning a batch's QR code: mobile-first, no login, one clear verdict
 * (genuine / recalled / unknown …) and the chain of events with who signed each. Every record is verified here
 * against the pinned trust bundle; the verdict is red or grey, whatever the server said, unless all of them verify.
 */
import { add, badge, h } from '../dom';
import { t, tr } from '../i18n';
import type { Proof } from '../../../gateway/src/proof/types';
import { enc, getJson } from '../api';
import { tt } from '../i18n-trust';
import { trustPanel } from '../trust-anchor';
import { checkRecordSignature, type SignatureStatus } from '../verify';
import { rememberProofs } from '../verify-anchored';
import { anchoredTraceVerdict } from './trace-verification';
import { fetchTrace } from './domain';
import { chinaTime, verdictLevelCard } from './verdict-level';
import { signedRecordsIn, statusBadge } from './records';

type Status = SignatureStatus;

/** Registration first, recalls last, events in between by when they happened. */
function rank(record: Record<string, unknown>): number {
  return record.type === 'trace.batch.register' || record.type === 'trace.derivation' ? 0 : record.type === 'trace.recall' ? 2 : 1;
}

/** One record of a batch's chain as GET /trace/:batch answers it (the audit and the public trace pages). */
export interface ChainEntry {
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
  // Every record is verified here against the pinned trust bundle, with the proofs of the whole batch; the server's
  // verdict is shown only when all of them verify (see trace-verification.ts), never on the server's word.
  const proofs = await getJson<{ proofs?: Proof[] }>(`/api/v1/trace/${enc(batchId)}/proofs`, { public: true }).catch(() => undefined);
  rememberProofs(Array.isArray(proofs?.proofs) ? proofs.proofs : []);
  const statuses: Status[] = await Promise.all(found.map((f) => checkRecordSignature(f.record, f.txId)));
  const serverVerdict = typeof b.verdict === 'string' ? b.verdict : undefined;
  const page = anchoredTraceVerdict(body === undefined ? undefined : serverVerdict, statuses, found.map((f) => f.record));
  const verdict = page.verdict;
  const why = page.reasons;
  const reasons: string[] = page.verified && Array.isArray(b.reasons)
    ? (b.reasons as unknown[]).map(String)
    : [why.invalid > 0 ? `${why.invalid} × ${tt('sigForged')}` : '', why.unverifiable > 0 ? `${why.unverifiable} × ${tt('sigUnverifiable')}` : '', why.recallContradicted ? tt('recallContradicted') : ''].filter(Boolean);
  const allHere = page.verified;
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
      // The verdict level (issue 14), only as far as this page verified it against the pinned bundle (issue 13): a failed
      // check shows "cannot be confirmed"; an unanchored page shows the level greyed, never green.
      verdictLevelCard(b.level, verdict, page.verified ? [] : reasons),
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
            { class: `trace-event ${status === 'valid' ? 'ok' : 'bad'}`, 'data-signature': status },
            h('div', { class: 'trace-event-kind' }, tr(String(f.record.kind ?? f.record.type ?? ''))),
            h('div', { class: 'trace-event-time' }, chinaTime(String(f.record.occurredAt ?? f.committedAt ?? ''))),
            h(
              'div',
              { class: 'trace-event-signer' },
              `${t('signedBy')} `,
              h('strong', {}, entry?.departmentName || String(f.record.department ?? '?')),
              entry?.province ? ` (${tr(entry.province)})` : '',
              ' ',
              statusBadge(status),
            ),
          ),
        ),
      ),
      allHere ? h('p', { class: 'note', id: 'trace-anchored' }, badge(t('verifyInBrowser'), 'ok'), ' ', tt('anchoredNote')) : h('p', { class: 'note', id: 'trace-not-verified' }, tt('notVerifiedNote')),
      trustPanel(() => location.reload()),
    ),
  );
}
