/**
 * What the channel keeps of a protected record's STATE writes (credit entry, licence, … states written in the same
 * transaction): every string that is narrative of the record — a string of the record that its hash-only form does
 * not keep (legal basis, names, titles, scopes, reasons) — is replaced by a marker naming where the content is:
 *
 *   dtl-protected/<collection>/<recordId>/<path in the record>      e.g. dtl-protected/protected-anhui/credit-1/legalBasis
 *
 * Enforceable facts (codes, lists, measures, validity, status) stay as they are, so every province's contracts keep
 * enforcing them. A reader allowed the content (the owning province, or a guarded read) gets it back with `reveal`:
 * the marker's path read from the record content in the private collection. Pure.
 */
import { enforceableFields } from './hash-only';

export const PROTECTED_MARKER_PREFIX = 'dtl-protected/';

export interface ProtectedMarker {
  readonly collection: string;
  readonly recordId: string;
  readonly path: string;
}

export function protectedMarker(marker: ProtectedMarker): string {
  return `${PROTECTED_MARKER_PREFIX}${marker.collection}/${marker.recordId}/${marker.path}`;
}

/** The marker a string is, or undefined (record ids and collection names hold no '/'). */
export function parseProtectedMarker(text: string): ProtectedMarker | undefined {
  if (!text.startsWith(PROTECTED_MARKER_PREFIX)) return undefined;
  const [collection, recordId, ...rest] = text.slice(PROTECTED_MARKER_PREFIX.length).split('/');
  if (collection === undefined || collection === '' || recordId === undefined || recordId === '' || rest.length === 0) return undefined;
  return { collection, recordId, path: rest.join('/') };
}

function stringLeaves(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') {
    if (value !== '') out.push([path, value]);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value as Record<string, unknown>);
  for (const [key, member] of entries) stringLeaves(member, path === '' ? key : `${path}.${key}`, out);
}

/**
 * The record's narrative: value → its path, for every string of the record outside the hash-only form (signature
 * excluded), except strings that the form also carries (a narrative equal to a kept code is not secret).
 */
export function narrativeOf(record: Readonly<Record<string, unknown>>): ReadonlyMap<string, string> {
  const type = typeof record.type === 'string' ? record.type : '';
  const kept = new Set(['type', 'id', 'department', 'signature', ...enforceableFields(type)]);
  const keptStrings: Array<[string, string]> = [];
  const narrative: Array<[string, string]> = [];
  for (const [field, value] of Object.entries(record)) {
    if (field === 'signature') continue;
    if (kept.has(field) && field !== 'subject' && field !== 'holder') stringLeaves(value, field, keptStrings);
    else if (field === 'subject' || field === 'holder') {
      // codes are kept (hash-only.ts keeps kind, creditCode, idDigest), names are narrative
      const object = (value ?? {}) as Record<string, unknown>;
      for (const [member, memberValue] of Object.entries(object)) {
        (['kind', 'creditCode', 'idDigest'].includes(member) ? keptStrings : narrative).push(...collect(memberValue, `${field}.${member}`));
      }
    } else stringLeaves(value, field, narrative);
  }
  const keptValues = new Set(keptStrings.map(([, value]) => value));
  const out = new Map<string, string>();
  for (const [path, value] of narrative) if (!keptValues.has(value) && !out.has(value)) out.set(value, path);
  return out;
}

function collect(value: unknown, path: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  stringLeaves(value, path, out);
  return out;
}

/** The value with every narrative string replaced by its marker (objects and arrays copied; keys unchanged). */
export function redact<T>(value: T, narrative: ReadonlyMap<string, string>, collection: string, recordId: string): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const path = narrative.get(node);
      return path === undefined ? node : protectedMarker({ collection, recordId, path });
    }
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(walk);
    return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([key, member]) => [key, walk(member)]));
  };
  return walk(value) as T;
}

/** The value at a dotted path of a record (array indexes as numbers), when it is a string. */
export function stringAtPath(record: unknown, path: string): string | undefined {
  let node: unknown = record;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Every marker in a value. */
export function markersIn(value: unknown): ProtectedMarker[] {
  const found: ProtectedMarker[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      const marker = parseProtectedMarker(node);
      if (marker !== undefined) found.push(marker);
    } else if (node !== null && typeof node === 'object') {
      for (const member of Array.isArray(node) ? node : Object.values(node as Record<string, unknown>)) pending.push(member);
    }
  }
  return found;
}

/**
 * The value with markers replaced by the content they stand for, for the records `contentOf` gives (the reader may
 * see them); markers of other records stay. Pure.
 */
export function reveal<T>(value: T, contentOf: (collection: string, recordId: string) => Readonly<Record<string, unknown>> | undefined): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const marker = parseProtectedMarker(node);
      if (marker === undefined) return node;
      const content = contentOf(marker.collection, marker.recordId);
      return (content === undefined ? undefined : stringAtPath(content, marker.path)) ?? node;
    }
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(walk);
    return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([key, member]) => [key, walk(member)]));
  };
  return walk(value) as T;
}
