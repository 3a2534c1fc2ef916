/**
 * Values of a form generated from a record schema: labels in the page's language, initial values, the record the
 * form's model becomes (empty optional fields dropped), and which fields the page fills itself.
 */
import type { FieldSchema, Label } from '../../../../chaincode/src/domain/schema-kit';

export type LocaleName = 'zh-CN' | 'en';

export function labelText(label: Label | undefined, locale: LocaleName, fallback: string): string {
  if (label === undefined) return fallback;
  return (locale === 'en' ? label.en : label['zh-CN']) || fallback;
}

/** The initial value of a field: its constant, an object of its members' initial values, an empty list, or nothing. */
export function initialValue(schema: FieldSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.type === 'object' && schema.properties) {
    const value: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties)) {
      const initial = initialValue(child);
      if (initial !== undefined) value[name] = initial;
    }
    return value;
  }
  if (schema.oneOf?.[0]) return initialValue(schema.oneOf[0]);
  if (schema.type === 'array') return [];
  return undefined;
}

/**
 * Drops what the user left empty: a record carries an optional field only when it has a value. An empty list stays
 * when the schema requires the field (e.g. an expert with no affiliations declares `affiliations: []`).
 */
export function pruneEmpty(value: unknown, schema?: FieldSchema): unknown {
  if (Array.isArray(value)) return value.map((item) => pruneEmpty(item, schema?.items));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const properties = schema?.properties ?? Object.assign({}, ...(schema?.oneOf ?? []).map((b) => b.properties ?? {}));
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      const required = schema?.required?.includes(key) ?? schema?.oneOf?.some((b) => b.required?.includes(key)) ?? false;
      const pruned = pruneEmpty(member, (properties as Record<string, FieldSchema>)[key]);
      if (pruned === undefined || pruned === null || pruned === '') continue;
      if (Array.isArray(pruned) && pruned.length === 0 && !required) continue;
      out[key] = pruned;
    }
    return out;
  }
  return value;
}

/** A fresh record id: `<type>-<department>-<yyyymmdd>-<8 random hex>` (the ID pattern of the validators). */
export function newRecordId(recordType: string, department: string, now = new Date()): string {
  const random = new Uint8Array(4);
  crypto.getRandomValues(random);
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const hex = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${recordType.replace(/\./g, '-')}-${department}-${day}-${hex}`.slice(0, 128);
}

/** The gateway path of a route with `:param` segments filled from the record (`/batches/:batchId/events`). */
export function routePath(route: string, record: Readonly<Record<string, unknown>>): string {
  return route.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const field = name === 'departmentId' ? 'department' : name;
    return encodeURIComponent(String(record[field] ?? ''));
  });
}
