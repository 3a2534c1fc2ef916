/**
 * The cross-region sharing audit: who in which province read whose data, for what, under which grant.
 * A province × province matrix (reader × owner) with drill-down to department pairs and individual access
 * records; reads without a valid grant and refused reads are flagged; a timeline; filters; CSV export.
 */
import { enc, getFirst, pick } from '../api';
import { barChart } from '../charts';
import { add, badge, clear, h, link, short, table } from '../dom';
import { t, tr } from '../i18n';
import { PROVINCES, download, formatTime, provinceOfDepartment, toCsv, type Province } from '../util';

export type Outcome = 'granted' | 'no-grant' | 'refused';

export interface AccessRecord {
  id: string;
  txId: string | undefined;
  at: string;
  readerDepartment: string;
  readerProvince: Province | undefined;
  ownerDepartment: string;
  ownerProvince: Province | undefined;
  family: string;
  purpose: string;
  grantId: string | undefined;
  outcome: Outcome;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function field(source: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const path = name.split('.');
    let value: unknown = source;
    for (const part of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    const found = str(value);
    if (found) return found;
  }
  return undefined;
}

/** Normalise one access record from the gateway (field names tolerated across versions). */
export function normaliseAccess(raw: unknown, index: number): AccessRecord | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const outer = raw as Record<string, unknown>;
  const r = (outer.record && typeof outer.record === 'object' ? { ...outer, ...(outer.record as Record<string, unknown>) } : outer) as Record<string, unknown>;
  const readerDepartment = field(r, 'readerDepartment', 'reader.department', 'requester', 'requesterDepartment', 'department', 'reader') ?? '?';
  const ownerDepartment = field(r, 'ownerDepartment', 'owner.department', 'provider', 'providerDepartment', 'owner', 'resourceOwner') ?? '?';
  const readerProvince = (field(r, 'readerProvince', 'reader.province', 'requesterProvince') as Province | undefined) ?? provinceOfDepartment(readerDepartment);
  const ownerProvince = (field(r, 'ownerProvince', 'owner.province', 'providerProvince') as Province | undefined) ?? provinceOfDepartment(ownerDepartment);
  const rawOutcome = (field(r, 'outcome', 'result', 'status', 'decision') ?? '').toLowerCase();
  const grantId = field(r, 'grantId', 'grant.id', 'grant');
  const refusedFlag = r.refused === true || /refus|denied|reject|forbid/.test(rawOutcome);
  const noGrantFlag = r.withoutGrant === true || r.validGrant === false || /no-grant|without|ungranted|unconditional-missing/.test(rawOutcome);
  const outcome: Outcome = refusedFlag ? 'refused' : noGrantFlag || (!grantId && r.unconditional !== true && rawOutcome !== 'granted' && rawOutcome !== 'allowed' && rawOutcome !== 'ok') ? 'no-grant' : 'granted';
  return {
    id: field(r, 'id', 'accessId', 'recordId') ?? `access-${index}`,
    txId: field(r, 'txId', 'transactionId'),
    at: field(r, 'at', 'readAt', 'timestamp', 'committedAt', 'time') ?? '',
    readerDepartment,
    readerProvince,
    ownerDepartment,
    ownerProvince,
    family: field(r, 'family', 'recordFamily', 'resourceFamily', 'resource.family') ?? field(r, 'resourceType', 'recordType')?.split('.')[0] ?? '?',
    purpose: field(r, 'purpose', 'reason') ?? '',
    grantId,
    outcome,
  };
}

export async function fetchAccessRecords(): Promise<{ records: AccessRecord[]; apiMatrix: unknown } | undefined> {
  const body = await getFirst<unknown>(['/api/v1/sharing/audit', '/api/v1/audit/reads', '/api/v1/sharing/reads', '/api/v1/sharing/access', '/api/v1/audit/sharing']);
  if (body === undefined) return undefined;
  const list = Array.isArray(body) ? body : (pick<unknown[]>(body, 'reads', 'records', 'accesses', 'items', 'data') ?? []);
  const records = (Array.isArray(list) ? list : []).map(normaliseAccess).filter((r): r is AccessRecord => r !== undefined);
  return { records, apiMatrix: (body as { matrix?: unknown }).matrix };
}

export type Matrix = Record<Province, Record<Province, { total: number; flagged: number }>>;

export function matrixOf(records: readonly AccessRecord[]): Matrix {
  const matrix = {} as Matrix;
  for (const reader of PROVINCES) {
    matrix[reader] = {} as Matrix[Province];
    for (const owner of PROVINCES) matrix[reader][owner] = { total: 0, flagged: 0 };
  }
  for (const r of records) {
    if (!r.readerProvince || !r.ownerProvince || !matrix[r.readerProvince]?.[r.ownerProvince]) continue;
    const cell = matrix[r.readerProvince][r.ownerProvince];
    cell.total += 1;
    if (r.outcome !== 'granted') cell.flagged += 1;
  }
  return matrix;
}

interface Filters {
  family: string;
  purpose: string;
  from: string;
  to: string;
  onlyFlagged: boolean;
  cell: [Province, Province] | undefined;
}

export async function auditView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  add(root, h('h1', {}, t('audit')));
  const fetched = await fetchAccessRecords();
  if (!fetched) {
    add(root, h('p', { class: 'notfound' }, t('noEndpoint')));
    return;
  }
  const all = fetched.records;
  const filters: Filters = {
    family: params.get('family') ?? '',
    purpose: params.get('purpose') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    onlyFlagged: params.get('flagged') === '1',
    cell: undefined,
  };
  const families = [...new Set(all.map((r) => r.family))].sort();
  const purposes = [...new Set(all.map((r) => r.purpose).filter((p) => p))].sort();
  const select = (id: string, options: readonly string[], value: string, onChange: (v: string) => void): HTMLElement =>
    h('select', { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) }, h('option', { value: '' }, t('all')), options.map((o) => h('option', { value: o, selected: o === value }, o)));
  const body = h('div', { id: 'audit-body' });
  const render = (): void => {
    clear(body);
    const filtered = all.filter(
      (r) =>
        (!filters.family || r.family === filters.family) &&
        (!filters.purpose || r.purpose === filters.purpose) &&
        (!filters.from || r.at >= filters.from) &&
        (!filters.to || r.at <= `${filters.to}\uffff`) &&
        (!filters.onlyFlagged || r.outcome !== 'granted'),
    );
    const matrix = matrixOf(filtered);
    body.append(
      h('h2', {}, `${t('readerProvince')}`),
      h(
        'table',
        { class: 'matrix', id: 'audit-matrix' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), PROVINCES.map((owner) => h('th', {}, tr(owner))))),
        h(
          'tbody',
          {},
          PROVINCES.map((reader) =>
            h(
              'tr',
              {},
              h('th', {}, tr(reader)),
              PROVINCES.map((owner) => {
                const cell = matrix[reader][owner];
                const selected = filters.cell?.[0] === reader && filters.cell[1] === owner;
                return h(
                  'td',
                  {
                    class: `${cell.total === 0 ? 'empty' : ''} ${cell.flagged > 0 ? 'flagged' : ''} ${selected ? 'selected' : ''} ${reader === owner ? 'diagonal' : ''}`,
                    'data-reader': reader,
                    'data-owner': owner,
                    'data-count': cell.total,
                    'data-flagged': cell.flagged,
                    onclick: () => {
                      filters.cell = selected ? undefined : [reader, owner];
                      render();
                    },
                  },
                  h('span', { class: 'count' }, String(cell.total)),
                  cell.flagged > 0 ? h('span', { class: 'flag' }, ` ⚑${cell.flagged}`) : null,
                );
              }),
            ),
          ),
        ),
      ),
    );
    const cellFilter = filters.cell;
    const drilled = cellFilter ? filtered.filter((r) => r.readerProvince === cellFilter[0] && r.ownerProvince === cellFilter[1]) : filtered;
    if (cellFilter) {
      const pairs = new Map<string, { total: number; flagged: number }>();
      for (const r of drilled) {
        const key = `${r.readerDepartment} → ${r.ownerDepartment}`;
        const entry = pairs.get(key) ?? { total: 0, flagged: 0 };
        entry.total += 1;
        if (r.outcome !== 'granted') entry.flagged += 1;
        pairs.set(key, entry);
      }
      body.append(
        h('h2', {}, `${t('departments')}: ${tr(cellFilter[0])} → ${tr(cellFilter[1])}`),
        table([`${t('reader')} → ${t('owner')}`, t('reads'), t('flagged')], [...pairs].map(([pair, c]) => [pair, String(c.total), c.flagged > 0 ? badge(String(c.flagged), 'bad') : '0']), { id: 'audit-departments' }),
      );
    }
    const timeline = h('div', { class: 'chart', id: 'audit-timeline' });
    body.append(h('h2', {}, t('timeline')), timeline);
    const byDay = new Map<string, number>();
    for (const r of drilled) byDay.set(r.at.slice(0, 10) || '?', (byDay.get(r.at.slice(0, 10) || '?') ?? 0) + 1);
    const days = [...byDay.keys()].sort();
    barChart(timeline, t('timeline'), days, days.map((d) => byDay.get(d) ?? 0));
    body.append(
      h('h2', {}, t('accessRecords'), ' ', h('button', { id: 'audit-csv', onclick: () => download('dtl-sharing-audit.csv', accessCsv(drilled)) }, t('exportCsv'))),
      table(
        [t('time'), t('reader'), t('owner'), t('family'), t('purpose'), t('grant'), t('outcome'), t('txId')],
        drilled.map((r) => [
          formatTime(r.at),
          `${r.readerDepartment} (${tr(r.readerProvince ?? '?')})`,
          `${r.ownerDepartment} (${tr(r.ownerProvince ?? '?')})`,
          r.family,
          r.purpose,
          r.grantId ?? '—',
          badge(r.outcome === 'granted' ? t('granted') : r.outcome === 'refused' ? t('refused') : t('noGrant'), r.outcome === 'granted' ? 'ok' : 'bad'),
          r.txId ? link(`#/tx/${enc(r.txId)}`, h('code', {}, short(r.txId, 10))) : '—',
        ]),
        { id: 'audit-records', class: 'records' },
      ),
    );
  };
  add(root, 
    h(
      'div',
      { class: 'filters' },
      h('strong', {}, `${t('filters')}: `),
      h('label', {}, `${t('family')} `, select('filter-family', families, filters.family, (v) => ((filters.family = v), render()))),
      h('label', {}, `${t('purpose')} `, select('filter-purpose', purposes, filters.purpose, (v) => ((filters.purpose = v), render()))),
      h('label', {}, `${t('from')} `, h('input', { type: 'date', id: 'filter-from', value: filters.from, onchange: (e: Event) => ((filters.from = (e.target as HTMLInputElement).value), render()) })),
      h('label', {}, `${t('to')} `, h('input', { type: 'date', id: 'filter-to', value: filters.to, onchange: (e: Event) => ((filters.to = (e.target as HTMLInputElement).value), render()) })),
      h('label', {}, h('input', { type: 'checkbox', id: 'filter-flagged', checked: filters.onlyFlagged, onchange: (e: Event) => ((filters.onlyFlagged = (e.target as HTMLInputElement).checked), render()) }), ` ${t('flagged')}`),
    ),
    body,
  );
  render();
}

export function accessCsv(records: readonly AccessRecord[]): string {
  return toCsv(
    ['time', 'readerProvince', 'readerDepartment', 'ownerProvince', 'ownerDepartment', 'family', 'purpose', 'grantId', 'outcome', 'txId', 'id'],
    records.map((r) => [r.at, r.readerProvince, r.readerDepartment, r.ownerProvince, r.ownerDepartment, r.family, r.purpose, r.grantId, r.outcome, r.txId, r.id]),
  );
}
