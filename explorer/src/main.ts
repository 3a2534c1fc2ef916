/** The explorer shell: navigation, search, language, the hash router, and following new blocks. */
import { ApiError, auditorToken, chainHeight, getBlock, getTransaction, setAuditorToken } from './api';
import { acceptable, signInView, whoAmI, type Me } from './views/signin';
import { disposeCharts } from './charts';
import { clear, h } from './dom';
import { lang, setLang, t } from './i18n';
import { auditView } from './views/audit';
import { blockView, blocksView, overviewView, txView } from './views/chain';
import { batchView, creditView, licenceView, tenderView } from './views/domain';
import { indexList, type RecordRow } from './read-model';
import { listView, nameResults } from './views/lists';
import { traceView } from './views/trace';
import { trustPanel } from './trust-anchor';

const app = document.getElementById('app') as HTMLElement;
let generation = 0;
/** The signed-in identity (from /auth/me), checked to be an auditor. */
let me: Me | undefined;

function route(): { path: string[]; params: URLSearchParams } {
  const hash = location.hash.replace(/^#\/?/, '');
  const [pathPart, query] = hash.split('?', 2);
  return { path: (pathPart ?? '').split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query ?? '') };
}

function shell(main: HTMLElement, publicPage: boolean): HTMLElement {
  const search = h('input', { id: 'search', type: 'search', placeholder: t('searchPlaceholder'), 'aria-label': t('search') }) as HTMLInputElement;
  const form = h(
    'form',
    {
      class: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const q = search.value.trim();
        if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
      },
    },
    search,
    h('button', { type: 'submit' }, t('search')),
  );
  const langButton = h('button', { class: 'lang', id: 'lang', onclick: () => (setLang(lang() === 'en' ? 'zh-CN' : 'en'), render()) }, t('language'));
  if (publicPage) return h('div', { class: 'public' }, h('header', { class: 'public-header' }, h('span', {}, t('title')), langButton), main);
  const nav = [
    ['#/', t('overview')],
    ['#/blocks', t('blocks')],
    ['#/audit', t('audit')],
    ['#/credit', t('credit')],
    ['#/licence', t('licence')],
    ['#/tender', t('tender')],
    ['#/batch', t('batch')],
  ] as const;
  return h(
    'div',
    { class: 'layout' },
    h(
      'header',
      {},
      h('a', { class: 'brand', href: '#/' }, t('title')),
      h('nav', {}, nav.map(([href, label]) => h('a', { href }, label))),
      h('a', { class: 'area-link', id: 'workbench-area', href: '/workbench/' }, t('workbenchLink')),
      form,
      h(
        'span',
        { class: 'identity', id: 'identity', title: me?.eSeal ? t('eSealWarning') : t('auditorIdentity') },
        me ? `${t('auditorIdentity')}: ${me.department}${me.eSeal ? ' ⚠' : ''} ` : '',
        me ? h('a', { href: '#/', onclick: () => (setAuditorToken(null), (me = undefined)) }, t('signOut')) : null,
      ),
      h('span', { id: 'follow', class: 'follow' }, ''),
      langButton,
    ),
    main,
  );
}

function lookupForm(kind: string, label: string): HTMLElement {
  const input = h('input', { id: `${kind}-input`, type: 'text', placeholder: label }) as HTMLInputElement;
  return h(
    'form',
    { class: 'lookup', onsubmit: (e: Event) => (e.preventDefault(), (location.hash = `#/${kind}/${encodeURIComponent(input.value.trim())}`)) },
    h('h1', {}, label),
    input,
    h('button', { type: 'submit' }, t('lookup')),
  );
}

/**
 * Search: a block number, a tx id, then each kind of business id in turn, then names (Chinese substring) — all
 * asked of the gateway (block and transaction endpoints, the read model); nothing is downloaded to search.
 */
async function search(root: HTMLElement, q: string): Promise<void> {
  if (/^\d+$/.test(q) && (await getBlock(Number(q)))) return void (location.hash = `#/blocks/${q}`);
  if (/^[0-9a-f]{16,}$/i.test(q) && (await getTransaction(q))) return void (location.hash = `#/tx/${q}`);
  if (/^[A-Za-z0-9._:#-]{1,128}$/.test(q)) {
    const first = async (params: Record<string, string>): Promise<RecordRow | undefined> => (await indexList<RecordRow>('records', { ...params, limit: 1 })).items[0];
    const [credit, licence, batch, tender, record] = await Promise.all([
      first({ subject: q, family: 'credit' }),
      first({ ref: q, family: 'licence' }),
      first({ ref: q, family: 'trace' }),
      first({ ref: q, family: 'tender' }),
      first({ id: q }),
    ]);
    if (credit) return void (location.hash = `#/credit/${encodeURIComponent(q)}`);
    if (licence) return void (location.hash = `#/licence/${encodeURIComponent(q)}`);
    if (batch) return void (location.hash = `#/batch/${encodeURIComponent(q)}`);
    if (tender) return void (location.hash = `#/tender/${encodeURIComponent(q)}`);
    if (record) return void (location.hash = `#/tx/${record.txId}`);
  }
  if (await nameResults(root, q)) return;
  root.append(h('h1', {}, t('search')), h('p', { class: 'notfound', id: 'search-nothing' }, `${t('nothingFound')} “${q}”`));
}

async function render(): Promise<void> {
  const mine = ++generation;
  disposeCharts();
  const { path, params } = route();
  const main = h('main', { id: 'view', 'aria-busy': 'true' }, h('p', { class: 'loading' }, t('loading')));
  const publicPage = path[0] === 'trace' || path[0] === 'trust';
  if (!publicPage && me === undefined && auditorToken()) {
    const who = await whoAmI().catch(() => undefined);
    if (mine !== generation) return;
    if (who && !acceptable(who)) me = who;
    else setAuditorToken(null);
  }
  clear(app).append(shell(main, publicPage));
  document.title = t('title');
  const view = h('div', {});
  try {
    const [head, arg] = path;
    if (!publicPage && !auditorToken()) throw new ApiError(401, '');
    if (!head) await overviewView(view);
    else if (head === 'blocks' && arg !== undefined) await blockView(view, Number(arg));
    else if (head === 'blocks') await blocksView(view, params);
    else if (head === 'tx' && arg) await txView(view, arg);
    else if (head === 'search' && arg) await search(view, arg);
    else if (head === 'audit') await auditView(view, params);
    else if (head === 'credit') await (arg ? creditView(view, arg) : listView(view, 'credit', params, lookupForm('credit', t('credit'))));
    else if (head === 'licence') await (arg ? licenceView(view, arg) : listView(view, 'licence', params, lookupForm('licence', t('licence'))));
    else if (head === 'tender') await (arg ? tenderView(view, arg) : listView(view, 'tender', params, lookupForm('tender', t('tender'))));
    else if (head === 'batch') await (arg ? batchView(view, arg) : listView(view, 'batch', params, lookupForm('batch', t('batch'))));
    else if (head === 'trace' && arg) await traceView(view, arg, params);
    else if (head === 'trust') view.append(trustPanel(() => void render()));
    else view.append(h('p', { class: 'notfound' }, t('notFound')));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && !publicPage) {
      setAuditorToken(null);
      me = undefined;
      view.replaceChildren();
      signInView(view, error.message || undefined, () => void render());
    } else {
      view.append(h('div', { class: 'verdict bad' }, `${t('error')}: ${(error as Error).message}`));
    }
  }
  if (mine !== generation) return;
  clear(main).append(view);
  main.setAttribute('aria-busy', 'false');
  main.setAttribute('data-ready', '1');
}

/**
 * Follow new blocks: server-sent events from the gateway when it offers a stream (resuming from the stored
 * checkpoint with Last-Event-ID semantics), otherwise polling the height. The overview re-renders on a new block.
 */
let knownHeight = -1;
function follow(): void {
  const onHeight = (height: number): void => {
    const indicator = document.getElementById('follow');
    if (indicator) indicator.textContent = `${t('following')} · ${t('height')} ${height}`;
    if (knownHeight >= 0 && height > knownHeight && route().path.length === 0) void render();
    knownHeight = height;
  };
  const poll = async (): Promise<void> => {
    try {
      onHeight(await chainHeight());
    } catch {
      /* gateway briefly unavailable */
    }
  };
  void poll();
  setInterval(() => void poll(), 5000);
}

window.addEventListener('hashchange', () => void render());
setLang(lang());
void render();
if (!new URLSearchParams(location.search).has('nofollow')) follow();
