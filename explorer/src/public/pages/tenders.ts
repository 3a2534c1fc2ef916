/** Tender notices (招标公告), newest first, filtered by stage. */
import { h } from '../../dom';
import { tr } from '../../i18n';
import { p, pk } from '../i18n-public';
import { chinaDate, getPublic, notice, ready } from '../shell';
import { urls } from '../urls';

interface Notice {
  tenderId: string;
  title: string;
  category: string;
  purchaser: string;
  province: string | null;
  stage: string;
  bidDeadline: string;
  publishedAt: string;
}

export async function tendersPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  main.append(h('h1', {}, p('tendersTitle')));
  const stage = params.get('stage');
  try {
    const { items } = await getPublic<{ items: Notice[] }>(urls.tenders(stage));
    main.append(
      items.length === 0
        ? notice('empty', p('nothing'))
        : h(
            'ul',
            { class: 'tenders' },
            items.map((item) =>
              h(
                'li',
                { 'data-tender': item.tenderId },
                h('a', { href: `/tenders/${encodeURIComponent(item.tenderId)}`, class: 'tender-link' }, item.title),
                ' ',
                h('span', { class: `badge stage-${item.stage}` }, pk('stage', item.stage)),
                h('div', { class: 'meta' }, `${item.purchaser}${item.province ? ` · ${tr(item.province)}` : ''} · ${p('publishedAt')} ${chinaDate(item.publishedAt)} · ${p('bidDeadline')} ${chinaDate(item.bidDeadline)}`),
              ),
            ),
          ),
    );
  } catch {
    main.append(notice('error', p('error')));
  }
  ready(main);
}
