/** A tiny DOM builder: h('div', { class: 'x' }, 'text', child). No framework, nothing to download. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child as readonly Child[]);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el: HTMLElement): HTMLElement {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function link(href: string, ...children: Child[]): HTMLElement {
  return h('a', { href }, ...children);
}

export function table(headers: readonly string[], rows: readonly (readonly Child[])[], attrs: Attrs = {}): HTMLElement {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, headers.map((title) => h('th', {}, title)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, cell))))),
  );
}

/** A definition list from label/value pairs; undefined values are skipped. */
export function facts(pairs: readonly (readonly [string, Child])[]): HTMLElement {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function badge(text: string, kind: 'ok' | 'bad' | 'warn' | 'info'): HTMLElement {
  return h('span', { class: `badge ${kind}` }, text);
}

export function short(hash: string | undefined, length = 12): string {
  if (!hash) return '—';
  return hash.length > length + 2 ? `${hash.slice(0, length)}…` : hash;
}

export function pretty(value: unknown): HTMLElement {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

/** Append children (nulls and arrays allowed) to an element. */
export function add(el: HTMLElement, ...children: Child[]): HTMLElement {
  append(el, children);
  return el;
}
