/** Home: the search boxes (credit by name or code, trace code) and the latest list announcements. */
import { h } from '../../dom';
import { announcementList, type AnnouncementItem } from '../credit-widgets';
import { p } from '../i18n-public';
import { getPublic, notice, ready } from '../shell';
import { urls } from '../urls';

export function searchForm(id: string, action: string, name: string, label: string, placeholder: string, value = '', onSubmit?: (value: string) => void): HTMLElement {
  const input = h('input', { type: 'search', name, id: `${id}-input`, placeholder, value, required: true, minlength: 2, maxlength: 64, autocomplete: 'off' }) as HTMLInputElement;
  return h(
    'form',
    { class: 'search', id, action, method: 'get', onsubmit: (event: Event) => {
      if (onSubmit === undefined) return;
      event.preventDefault();
      onSubmit(input.value.trim());
    } },
    h('label', { for: `${id}-input` }, label),
    h('div', { class: 'row' }, input, h('button', { type: 'submit' }, p('search'))),
  );
}

export async function homePage(main: HTMLElement): Promise<void> {
  const latest = h('section', { id: 'announcements' }, h('h2', {}, p('latestAnnouncements'), ' ', h('a', { href: '/api/v1/public/credit/announcements.atom', class: 'feed' }, p('atomFeed'))));
  main.append(
    h('p', { class: 'intro' }, p('homeIntro')),
    searchForm('credit-search', '/credit', 'q', p('creditSearchLabel'), p('creditSearchPlaceholder')),
    searchForm('trace-search', '/trace', 'code', p('traceLabel'), p('tracePlaceholder'), '', (code) => location.assign(`/trace/${encodeURIComponent(code)}`)),
    h('p', { class: 'links' }, h('a', { href: '/licence' }, p('navLicence')), ' · ', h('a', { href: '/tenders' }, p('navTenders'))),
    latest,
  );
  ready(main);
  try {
    const { items } = await getPublic<{ items: AnnouncementItem[] }>(urls.announcements());
    latest.append(items.length === 0 ? notice('empty', p('nothing')) : announcementList(items));
  } catch {
    latest.append(notice('error', p('error')));
  }
}
