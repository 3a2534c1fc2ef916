/**
 * The cross-region sharing audit: who in which province read whose data, for what, under which grant.
 * A province × province matrix (reader × owner) with drill-down to department pairs and individual access
 * records; reads without a valid grant and refused reads are flagged; a timeline; filters; CSV export.
 */
import { enc, getJson, pick } from '../api';
import { accessMatrix, indexAll, type AccessRow } from '../read-model';
import { departmentLabel, departments } from '../directory';
import { accessCsv, matrixOf, outcomeOf, type AccessRecord } from './audit-model';

export { accessCsv, matrixOf, outcomeOf, type AccessRecord } from './audit-model';
import { barChart } from '../charts';
import { add, badge, clear, h, link, short, table } from '../dom';
import { t, tr } from '../i18n';
import { PROVINCES, download, formatTime, provinceOfDepartment, type Province } from '../util';

interface CatalogueEntry {
  owner?: string;
  resourceId?: string;
  family?: string;
}

/** The resource families of the catalogue (owner/resourceId → family), when the gateway serves it. */
async function catalogueFamilies(): Promise<Map<string, string>> {
  const body = await getJson<unknown>('/api/v1/sharing/catalogue').catch(() => undefined);
  const list = Array.isArray(body) ? body : (pick<unknown[]>(body, 'entries', 'items', 'catalogue') ?? []);
  const families = new Map<string, string>();
  if (Array.isArray(list)) for (const e of list as CatalogueEntry[]) if (e.owner && e.resourceId && e.family) families.set(`${e.owner}/${e.resourceId}`, e.family);
  return families;
}

/** The newest cross-region access records (up to `max`), from the gateway's read model (one request per 200). */
export async function fetchAccessRecords(max = 5000): Promise<AccessRecord[]> {
  const [rows, families] = await Promise.all([indexAll<AccessRow>('access', {}, max), catalogueFamilies()]);
  return rows.map((a) => ({
    id: a.recordId,
    txId: a.txId,
    at: a.at,
    readerDepartment: a.reader,
    readerProvince: (PROVINCES as readonly string[]).includes(a.readerProvince) ? (a.readerProvince as Province) : provinceOfDepartment(a.reader),
    ownerDepartment: a.owner,
    ownerProvince: (PROVINCES as readonly string[]).includes(a.ownerProvince) ? (a.ownerProvince as Province) : provinceOfDepartment(a.owner),
    family: families.get(`${a.owner}/${a.resourceId}`) ?? a.resourceId.split(/[.:/-]/)[0] ?? a.resourceId,
    resourceId: a.resourceId,
    purpose: a.purpose,
    grantId: a.grantId ?? undefined,
    outcome: outcomeOf({ allowed: a.allowed === 1, reason: a.reason ?? undefined }),
    basis: a.basis,
    reason: a.reason ?? undefined,
  }));
}

export interface PairCount {
  readerProvince: string;
  ownerProvince: string;
  allowed: number;
  refused: number;
}

/** The province × province counts over every access record, computed by the read model's database. */
export async function fetchApiPairCounts(): Promise<PairCount[] | undefined> {
  const cells = await accessMatrix().catch(() => undefined);
  return cells?.map((c) => ({ readerProvince: c.readerProvince, ownerProvince: c.ownerProvince, allowed: c.allowed, refused: c.refused }));
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
  const [all, apiCounts, directory] = await Promise.all([fetchAccessRecords(), fetchApiPairCounts(), departments()]);
  const name = (id: string): string => (directory.get(id) ? `${id} · ${departmentLabel(directory, id)}` : id);
  const apiCell = (reader: string, owner: string): number | undefined => {
    if (!apiCounts) return undefined;
    const pair = apiCounts.find((c) => c.readerProvince === reader && c.ownerProvince === owner);
    return pair ? pair.allowed + pair.refused : 0;
  };
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
    const unfiltered = filtered.length === all.length;
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
                const pair = unfiltered ? apiCounts?.find((c) => c.readerProvince === reader && c.ownerProvince === owner) : undefined;
                // Unfiltered: the database's counts over every record; filtered: the counts of the records loaded here.
                const cell = pair ? { total: pair.allowed + pair.refused, flagged: pair.refused } : unfiltered && apiCounts ? { total: 0, flagged: 0 } : matrix[reader][owner];
                const selected = filters.cell?.[0] === reader && filters.cell[1] === owner;
                return h(
                  'td',
                  {
                    class: `${cell.total === 0 ? 'empty' : ''} ${cell.flagged > 0 ? 'flagged' : ''} ${selected ? 'selected' : ''} ${reader === owner ? 'diagonal' : ''}`,
                    'data-reader': reader,
                    'data-owner': owner,
                    'data-count': cell.total,
                    'data-flagged': cell.flagged,
                    'data-api-count': unfiltered ? apiCell(reader, owner) : undefined,
                    onclick: () => {
                      filters.cell = selected ? undefined : [reader, owner];
                      render();
                    },
                  },
                  h('span', { class: 'count' }, String(cell.total)),
                  cell.flagged > 0 ? h('span', { class: 'flag' }, ` ⚑${cell.flagged}`) : null,
                  unfiltered && apiCell(reader, owner) !== undefined && apiCell(reader, owner) !== cell.total ? h('span', { class: 'flag mismatch' }, ` ≠ API ${apiCell(reader, owner)}`) : null,
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
        const key = `${name(r.readerDepartment)} → ${name(r.ownerDepartment)}`;
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
          directory.has(r.readerDepartment) ? name(r.readerDepartment) : `${r.readerDepartment} (${tr(r.readerProvince ?? '?')})`,
          directory.has(r.ownerDepartment) ? name(r.ownerDepartment) : `${r.ownerDepartment} (${tr(r.ownerProvince ?? '?')})`,
          r.family,
          r.purpose,
          r.grantId ?? '—',
          h('span', { class: 'outcome', 'data-outcome': r.outcome }, badge(r.outcome === 'granted' ? `${t('granted')} · ${r.basis}` : `${r.outcome === 'refused' ? t('refused') : t('noGrant')} · ${r.reason ?? ''}`, r.outcome === 'granted' ? 'ok' : 'bad')),
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

