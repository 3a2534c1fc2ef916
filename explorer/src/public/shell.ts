/**
 * The frame of every public page: header with the site name, the five sections and the language switch, a <main>
 * the page fills, and `data-ready="1"` on <main> once the first view is rendered (tests and the render timer wait
 * for it). No polling: a page loads what it shows once.
 */
import { h, type Child } from '../dom';
import { lang, setLang } from '../i18n';
import { p, type PublicKey } from './i18n-public';

const SECTIONS: ReadonlyArray<readonly [string, PublicKey]> = [
  ['/', 'navHome'],
  ['/credit', 'navCredit'],
  ['/licence', 'navLicence'],
  ['/trace', 'navTrace'],
  ['/tenders', 'navTenders'],
];

/** Builds the frame and returns the <main> to fill. */
export function frame(current: string): HTMLElement {
  const root = document.getElementById('public') as HTMLElement;
  document.documentElement.lang = lang();
  document.title = p('siteTitle');
  const main = h('main', { id: 'public-main' });
  const switchLang = h('button', { type: 'button', class: 'lang', id: 'switch-lang', onclick: () => {
    setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN');
    const url = new URL(location.href);
    url.searchParams.delete('lang');
    location.replace(url.toString());
  } }, p('switchLang'));
  root.replaceChildren(
    h('header', { class: 'site' }, h('a', { href: '/', class: 'brand' }, p('siteShort')), switchLang),
    h('nav', { class: 'sections' }, SECTIONS.map(([href, key]) => h('a', { href, class: href === current ? 'current' : '' }, p(key)))),
    main,
  );
  return main;
}

export function ready(main: HTMLElement): void {
  main.setAttribute('data-ready', '1');
  performance.mark('dtl-first-view');
}

/** A public API read: JSON, or an error carrying the status and the gateway's message. */
export class PublicFetchError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the entry started before the page's code arrived (main.ts), so data and code load in parallel. */
const started = new Map<string, Promise<Response>>();

export function prefetch(path: string): void {
  const early = takeEarly(path);
  if (early !== undefined) started.set(path, early);
  else if (!started.has(path)) started.set(path, fetch(path, { headers: { accept: 'application/json' } }));
}

/** Reads the inline script in index.html started before any module loaded (vite.config.ts, publicEarlyReads). */
function takeEarly(path: string): Promise<Response> | undefined {
  const early = (window as unknown as { __dtlEarly?: Record<string, Promise<Response> | undefined> }).__dtlEarly;
  const read = early?.[path];
  if (early !== undefined) delete early[path];
  return read;
}

export async function getPublic<T>(path: string): Promise<T> {
  const early = started.get(path);
  started.delete(path);
  const response = await (early ?? fetch(path, { headers: { accept: 'application/json' } }));
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { message?: string } } | undefined)?.error;
    throw new PublicFetchError(response.status, error?.message ?? response.statusText);
  }
  return body as T;
}

export function notice(kind: 'info' | 'error' | 'empty', ...children: Child[]): HTMLElement {
  return h('p', { class: `notice ${kind}` }, ...children);
}

/** A labelled list of facts (dt/dd pairs); rows whose value is empty are left out. */
export function facts(rows: ReadonlyArray<readonly [string, Child]>, attrs: Record<string, string> = {}): HTMLElement {
  return h('dl', { class: 'facts', ...attrs }, rows.filter(([, value]) => value !== '' && value !== null && value !== undefined).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** The date part of an instant in China Standard Time (2025-03-10). */
export function chinaDate(iso: string | null | undefined): string {
  const ms = iso === null || iso === undefined ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
