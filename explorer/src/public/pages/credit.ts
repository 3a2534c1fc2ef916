/** Credit search (name or unified social credit code) and the black / red lists with their filters. */
import { h } from '../../dom';
import { tr } from '../../i18n';
import { entryCard, listName, subjectLabel, type ListItem } from '../credit-widgets';
import { p } from '../i18n-public';
import { getPublic, notice, ready } from '../shell';
import { listQuery, urls } from '../urls';
import { searchForm } from './home';

interface SearchItem {
  subject: string;
  subjectKind: string;
  name: string;
  lists: string[];
  provinces: string[];
}

const PROVINCES = ['shanghai', 'jiangsu', 'zhejiang', 'anhui'] as const;

function select(name: string, current: string | null, options: ReadonlyArray<readonly [string, string]>): HTMLElement {
  return h('select', { name, id: `filter-${name}` }, options.map(([value, label]) => h('option', { value, selected: value === (current ?? '') }, label)));
}

export async function creditPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const q = (params.get('q') ?? '').trim();
  const results = h('section', { id: 'credit-results' });
  const lists = h('section', { id: 'credit-lists' });
  const filters = h(
    'form',
    { class: 'filters', method: 'get', action: '/credit', id: 'list-filters' },
    select('list', params.get('list'), [['', p('listAll')], ['black', p('listBlack')], ['red', p('listRed')]]),
    select('province', params.get('province'), [['', p('allProvinces')], ...PROVINCES.map((v) => [v, tr(v)] as const)]),
    select('status', params.get('status'), [['', p('allStatuses')], ['in-force', p('statusInForce')], ['repaired', p('statusRepaired')], ['expired', p('statusExpired')]]),
    h('button', { type: 'submit' }, p('filter')),
  );
  main.append(searchForm('credit-search', '/credit', 'q', p('creditSearchLabel'), p('creditSearchPlaceholder'), q), results, h('h2', {}, p('lists')), filters, lists);
  const [searched, listed] = await Promise.allSettled([
    q.length >= 2 ? getPublic<{ items: SearchItem[] }>(urls.creditSearch(q)) : Promise.resolve(undefined),
    getPublic<{ items: ListItem[] }>(urls.creditLists(listQuery(params))),
  ]);
  if (q !== '') {
    results.append(h('h2', {}, p('results')));
    if (searched.status === 'rejected') results.append(notice('error', p('badInput')));
    else if (searched.value === undefined || searched.value.items.length === 0) results.append(notice('empty', p('nothing')));
    else {
      results.append(
        h(
          'ul',
          { class: 'results' },
          searched.value.items.map((item) =>
            h('li', { 'data-subject': item.subject }, h('a', { href: `/credit/${encodeURIComponent(item.subject)}`, class: 'subject-link' }, subjectLabel(item.subjectKind, item.name)), h('div', { class: 'meta' }, `${item.lists.map(listName).join(' · ')} · ${item.provinces.map(tr).join(' ')}`)),
          ),
        ),
      );
    }
  }
  if (listed.status === 'rejected') lists.append(notice('error', p('error')));
  else if (listed.value.items.length === 0) lists.append(notice('empty', p('nothing')));
  else lists.append(h('ul', { class: 'entries' }, listed.value.items.map(entryCard)));
  ready(main);
}
