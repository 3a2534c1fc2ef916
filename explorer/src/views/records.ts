/** Shared rendering for pages that show signed records: each is re-verified in the browser. */
import { badge, h, link, pretty, short } from '../dom';
import { t } from '../i18n';
import { tt } from '../i18n-trust';
import { formatTime } from '../util';
import { checkRecordSignature, type SignatureStatus } from '../verify';
import { departmentLabel, departments } from '../directory';

export interface FoundRecord {
  record: Record<string, unknown>;
  txId: string | undefined;
  committedAt: string | undefined;
}

/** Every signed record inside a response, with its txId / committedAt when the envelope carries them. */
export function signedRecordsIn(value: unknown, out: FoundRecord[] = [], seen = new Set<unknown>()): FoundRecord[] {
  if (!value || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item) => signedRecordsIn(item, out, seen));
    return out;
  }
  const obj = value as Record<string, unknown>;
  const inner = obj.record;
  if (inner && typeof inner === 'object' && !Array.isArray(inner) && 'signature' in inner) {
    seen.add(inner);
    out.push({ record: inner as Record<string, unknown>, txId: strOf(obj.txId), committedAt: strOf(obj.committedAt) });
  } else if ('signature' in obj && typeof obj.signature === 'object' && typeof obj.type === 'string') {
    out.push({ record: obj, txId: strOf(obj.txId), committedAt: strOf(obj.committedAt) });
  }
  for (const child of Object.values(obj)) signedRecordsIn(child, out, seen);
  return out;
}

function strOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function statusBadge(status: SignatureStatus): HTMLElement {
  const grey = status === 'unanchored' || status === 'unverifiable' || status === 'hash-only';
  const text = status === 'valid' ? t('sigValid') : status === 'unknown-key' ? t('sigUnknownKey') : status === 'unsigned' ? '—' : status === 'unanchored' ? tt('sigUnanchored') : status === 'unverifiable' ? tt('sigUnverifiable') : status === 'hash-only' ? t('sigHashOnly') : tt('sigForged');
  return h('span', { class: 'sig', 'data-status': status }, badge(text, status === 'valid' ? 'ok' : grey ? 'info' : 'bad'));
}

/** A history list: time, type, department (signer), signature status, tx link, details on demand. */
export async function recordHistory(found: readonly FoundRecord[]): Promise<{ el: HTMLElement; statuses: SignatureStatus[] }> {
  const [statuses, directory] = await Promise.all([Promise.all(found.map((f) => checkRecordSignature(f.record, f.txId))), departments()]);
  const sorted = found.map((f, i) => ({ f, status: statuses[i] as SignatureStatus })).sort((a, b) => (a.f.committedAt ?? '').localeCompare(b.f.committedAt ?? ''));
  const el = h(
    'ol',
    { class: 'history' },
    sorted.map(({ f, status }) =>
      h(
        'li',
        { class: `history-item ${status === 'valid' ? 'ok' : status === 'hash-only' ? 'info' : 'bad'}` },
        h('div', { class: 'history-head' }, h('strong', {}, String(f.record.type ?? '?')), ' · ', String(f.record.id ?? ''), ' ', statusBadge(status)),
        h(
          'div',
          { class: 'history-meta' },
          `${t('signedBy')} `,
          h('span', { class: 'signer', title: String(f.record.department ?? '') }, departmentLabel(directory, String(f.record.department ?? '?'))),
          f.committedAt ? ` · ${formatTime(f.committedAt)}` : '',
          f.txId ? [' · ', link(`#/tx/${f.txId}`, h('code', {}, short(f.txId, 10)))] : '',
        ),
        h('details', {}, h('summary', {}, t('record')), pretty(f.record)),
      ),
    ),
  );
  return { el, statuses };
}
