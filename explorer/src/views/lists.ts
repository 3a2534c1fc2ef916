/**
 * List pages (credit entries, licences, batches, tenders) and name search, one page at a time from the gateway's
 * read model with a keyset cursor: the explorer no longer downloads the chain to list or find anything. Filters
 * are the API's own (closed value sets); another province's rows are asked for by choosing it (a recorded read).
 */
import { add, badge, h, link, table, type Child } from '../dom';
import { t, tr, type I18nKey } from '../i18n';
import { indexList, indexSearch, type IndexRow } from '../read-model';
import { PROVINCES, formatTime } from '../util';

export type ListKind = 'credit' | 'licence' | 'batch' | 'tender';

interface ListConfig {
  readonly path: string;
  readonly filters: ReadonlyArray<readonly [string, I18nKey, readonly string[]]>;
  readonly headers: readonly I18nKey[];
  readonly row: (item: IndexRow) => Child[];
}

const text = (value: unknown): string => (value === null || value === undefined ? '—' : String(value));
const status = (value: unknown): HTMLElement => badge(tr(text(value)), value === 'active' ? 'ok' : value === 'repaired' ? 'info' : 'bad');

const LIST_CONFIG: Readonly<Record<ListKind, ListConfig>> = {
  credit: {
    path: 'credit-entries',
    filters: [['list', 'list', ['black', 'red']], ['status', 'status', ['active', 'repaired']], ['province', 'province', PROVINCES]],
    headers: ['time', 'list', 'name', 'category', 'province', 'department', 'status'],
    row: (e) => [formatTime(text(e.recordedAt)), badge(tr(text(e.list)), e.list === 'black' ? 'bad' : 'ok'), link(`#/credit/${encodeURIComponent(text(e.subjectKey))}`, text(e.subjectName ?? e.subjectKey)), text(e.category), tr(text(e.province)), text(e.department), status(e.status)],
  },
  licence: {
    path: 'licences',
    filters: [['status', 'status', ['active', 'suspended', 'revoked']], ['province', 'province', PROVINCES]],
    headers: ['time', 'number', 'holder', 'titleColumn', 'issuer', 'validTo', 'status'],
    row: (l) => [formatTime(text(l.issuedAt)), link(`#/licence/${encodeURIComponent(text(l.number))}`, text(l.number)), text(l.holderName), text(l.title), text(l.issuer), formatTime(text(l.validTo)), status(l.status)],
  },
  batch: {
    path: 'batches',
    filters: [['province', 'province', PROVINCES], ['recalled', 'recalled', ['1']]],
    headers: ['time', 'batch', 'product', 'producer', 'origin', 'stage', 'status'],
    row: (b) => [formatTime(text(b.registeredAt)), link(`#/batch/${encodeURIComponent(text(b.batchId))}`, text(b.batchId)), text(b.product), text(b.producerName), `${text(b.originCity)} ${text(b.originCounty)}`, tr(text(b.stage)), b.recalled === 1 ? badge(t('recalled'), 'bad') : badge(t('active'), 'ok')],
  },
  tender: {
    path: 'tenders',
    filters: [['province', 'province', PROVINCES]],
    headers: ['time', 'tender', 'titleColumn', 'department', 'stage'],
    row: (x) => [formatTime(text(x.publishedAt)), link(`#/tender/${encodeURIComponent(text(x.tenderId))}`, text(x.tenderId)), text(x.title), text(x.department), text(x.stage)],
  },
};

/** A list page: filters, one page of rows, a link to the next page. `lookup` (the by-id form) is shown above. */
export async function listView(root: HTMLElement, kind: ListKind, params: URLSearchParams, lookup: HTMLElement): Promise<void> {
  const config = LIST_CONFIG[kind];
  const chosen: Record<string, string | undefined> = {};
  for (const [name] of config.filters) chosen[name] = params.get(name) ?? undefined;
  const page = await indexList(config.path, { ...chosen, limit: 25, cursor: params.get('cursor') ?? undefined });
  const go = (next: Record<string, string | undefined>): void => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) q.set(k, v);
    location.hash = `#/${kind}${q.toString() ? `?${q.toString()}` : ''}`;
  };
  const filterBar = h(
    'div',
    { class: 'filters', id: `${kind}-filters` },
    config.filters.map(([name, label, values]) =>
      h(
        'label',
        {},
        `${t(label)} `,
        h('select', { id: `filter-${name}`, onchange: (e: Event) => go({ ...chosen, [name]: (e.target as HTMLSelectElement).value || undefined }) }, h('option', { value: '' }, t('all')), values.map((v) => h('option', { value: v, selected: chosen[name] === v }, tr(v)))),
      ),
    ),
  );
  add(
    root,
    lookup,
    h('p', { class: 'note' }, `${t('listNote')} ${t('indexHeight')} ${page.indexHeight}`),
    filterBar,
    table(config.headers.map((key) => t(key)), page.items.map(config.row), { class: 'records index-list', id: `${kind}-list`, 'data-index-height': String(page.indexHeight) }),
  );
  if (page.nextCursor) add(root, h('p', {}, h('a', { href: '#', id: 'next-page', onclick: (e: Event) => (e.preventDefault(), go({ ...chosen, cursor: page.nextCursor ?? undefined })) }, `${t('nextPage')} →`)));
}

const KIND_LINK: Readonly<Record<string, (item: IndexRow) => string>> = {
  subject: (n) => `#/credit/${encodeURIComponent(text(n.refId))}`,
  'licence-holder': (n) => `#/licence/${encodeURIComponent(text(n.refId))}`,
  batch: (n) => `#/batch/${encodeURIComponent(text(n.refId))}`,
  tender: (n) => `#/tender/${encodeURIComponent(text(n.refId))}`,
  department: (n) => `#/audit?department=${encodeURIComponent(text(n.refId))}`,
  catalogue: (n) => `#/tx/${encodeURIComponent(text(n.refId))}`,
};

/** Names containing `q` (Chinese substring search in the read model); false when none was found. */
export async function nameResults(root: HTMLElement, q: string): Promise<boolean> {
  if ([...q].length < 2) return false;
  const page = await indexSearch(q, { limit: 50 });
  if (page.items.length === 0) return false;
  add(
    root,
    h('h1', {}, t('searchResults'), ' ', h('small', {}, `“${q}” · ${t('indexHeight')} ${page.indexHeight}`)),
    table(
      [t('kind'), t('name'), t('province')],
      page.items.map((n) => [tr(`kind.${text(n.kind)}`), link((KIND_LINK[text(n.kind)] ?? (() => '#/'))(n), text(n.name)), tr(text(n.province))]),
      { class: 'records', id: 'search-results' },
    ),
  );
  return true;
}
