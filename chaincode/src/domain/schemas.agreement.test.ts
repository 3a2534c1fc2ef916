/**
 * The record schemas and the chaincode validators agree (issue 16):
 *  - every record generated from a schema (and made to satisfy the schema's declared x-rules) is valid for ajv and
 *    accepted by the validator;
 *  - every mutation of such a record (member deleted, replaced by a value of another type, out of its enum, against
 *    its pattern, too long, out of range, an unknown member added, an array item repeated): if the schema refuses
 *    it, the validator refuses it; if the validator refuses it, the schema refuses it too — except for the rules the
 *    schema declares it cannot express (`x-rules`), whose fields are the only ones such a refusal may name.
 * Ledger-state rules (replays, custody, deadlines) are the contracts' and outside both.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import fc from 'fast-check';
import type { JsonValue } from '../../crypto';
import type { Validation } from '../records/fields';
import { recordArbitrary } from '../testing/schema-arbitrary';
import { RECORD_VALIDATORS } from './validators';
import { RECORD_SCHEMAS, RECORD_TYPES, SCHEMA_ANNOTATIONS, fieldSchemaAt, schemasOfType, type FieldSchema, type RecordSchemaEntry } from './schemas';

type Obj = { [key: string]: JsonValue };
type Validator = (value: JsonValue) => Validation<unknown>;

const RUNS = Number(process.env.DTL_PROPERTY_RUNS ?? 60);

const VALIDATORS: Readonly<Record<string, Validator>> = RECORD_VALIDATORS;

const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addVocabulary([...SCHEMA_ANNOTATIONS]);
const compiled = new Map<string, ValidateFunction>(Object.values(RECORD_SCHEMAS).map((entry) => [entry.key, ajv.compile(entry.schema)]));

/** Valid for the schema of some variant of the type (the type's schema is the union of its variants). */
function schemaAccepts(recordType: string, value: JsonValue): boolean {
  return schemasOfType(recordType).some((entry) => compiled.get(entry.key)?.(value) === true);
}

function normalisePath(field: string): string {
  return field.replace(/\[\d+\]/g, '[]');
}

function ruleFields(recordType: string): Set<string> {
  return new Set(schemasOfType(recordType).flatMap((entry) => entry.schema['x-rules'].flatMap((rule) => rule.fields)));
}

/** Every member path of a value: [path, parent, member name or index]. */
function members(value: JsonValue, path = ''): Array<{ path: string; parent: Obj | JsonValue[]; name: string | number }> {
  const out: Array<{ path: string; parent: Obj | JsonValue[]; name: string | number }> = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push({ path: `${path}[${index}]`, parent: value, name: index });
      out.push(...members(item, `${path}[${index}]`));
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, child] of Object.entries(value)) {
      const childPath = path === '' ? name : `${path}.${name}`;
      out.push({ path: childPath, parent: value, name });
      out.push(...members(child, childPath));
    }
  }
  return out;
}

type Mutation = { readonly kind: string; readonly apply: (record: JsonValue, pick: number, schema: FieldSchema) => JsonValue };

function at<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function replaceWith(kind: string, value: (current: JsonValue, node: FieldSchema | undefined) => JsonValue): Mutation {
  return {
    kind,
    apply: (record, pick, schema) => {
      const copy = structuredClone(record);
      const slot = at(members(copy), pick);
      if (slot === undefined) return copy;
      const current = (slot.parent as Record<string | number, JsonValue>)[slot.name] ?? null;
      (slot.parent as Record<string | number, JsonValue>)[slot.name] = value(current, fieldSchemaAt(schema, slot.path));
      return copy;
    },
  };
}

const MUTATIONS: readonly Mutation[] = [
  {
    kind: 'delete a member',
    apply: (record, pick) => {
      const copy = structuredClone(record);
      const slot = at(members(copy).filter((m) => !Array.isArray(m.parent)), pick);
      if (slot !== undefined) delete (slot.parent as Obj)[slot.name as string];
      return copy;
    },
  },
  {
    kind: 'add an unknown member',
    apply: (record, pick) => {
      const copy = structuredClone(record) as Obj;
      const objects: Obj[] = [copy, ...members(copy).map((m) => (m.parent as Record<string | number, JsonValue>)[m.name]).filter((v): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v))];
      const target = at(objects, pick);
      if (target !== undefined) target.unexpectedField = 'x';
      return copy;
    },
  },
  {
    kind: 'repeat an array item',
    apply: (record, pick) => {
      const copy = structuredClone(record);
      const arrays = members(copy).map((m) => (m.parent as Record<string | number, JsonValue>)[m.name]).filter((v): v is JsonValue[] => Array.isArray(v) && v.length > 0);
      const target = at(arrays, pick);
      if (target !== undefined) target.push(structuredClone(target[0] ?? null));
      return copy;
    },
  },
  replaceWith('null', () => null),
  replaceWith('a number', () => 7),
  replaceWith('a fraction', () => 1.5),
  replaceWith('a string', () => 'x'),
  replaceWith('an empty string', () => ''),
  replaceWith('a boolean', () => true),
  replaceWith('an array', () => []),
  replaceWith('an object', () => ({})),
  replaceWith('a value outside the enum', () => 'not-an-allowed-value'),
  replaceWith('a pattern break', (current) => (typeof current === 'string' ? `${current}!` : current)),
  replaceWith('upper case', (current) => (typeof current === 'string' ? current.toUpperCase() : current)),
  replaceWith('too long', (current, node) => (typeof current === 'string' ? current + 'x'.repeat(Math.max(1, (node?.maxLength ?? 1024) - [...current].length + 1)) : current)),
  replaceWith('one below the minimum', (current, node) => (typeof current === 'number' ? (node?.minimum ?? current) - 1 : current)),
  replaceWith('one above the maximum', (current, node) => (typeof current === 'number' ? (node?.maximum ?? current) + 1 : current)),
  replaceWith('a timestamp', () => '2025-03-01T00:00:00Z'),
  replaceWith('a timestamp with a zone', () => '2025-03-01T08:00:00+08:00'),
  replaceWith('a valid credit code', () => '91340100MA2W1X3K8U'),
];

const ENTRIES: readonly RecordSchemaEntry[] = Object.values(RECORD_SCHEMAS);

describe('record schemas', () => {
  test('every record type a contract validates has a schema, and every schema a validator', () => {
    expect([...RECORD_TYPES].sort()).toEqual(Object.keys(VALIDATORS).sort());
    for (const entry of ENTRIES) expect(VALIDATORS[entry.recordType]).toBeDefined();
  });

  test('every field has zh-CN and English labels, every enum value its labels', () => {
    const missing: string[] = [];
    const walk = (node: FieldSchema, path: string): void => {
      if (path !== '' && (node['x-label']?.['zh-CN'] ?? '') === '') missing.push(`${path}: x-label.zh-CN`);
      if (path !== '' && (node['x-label']?.en ?? '') === '') missing.push(`${path}: x-label.en`);
      for (const value of node.enum ?? []) if (node['x-enumLabels']?.[value] === undefined) missing.push(`${path}: x-enumLabels.${value}`);
      for (const [name, child] of Object.entries(node.properties ?? {})) walk(child, path === '' ? name : `${path}.${name}`);
      if (node.items !== undefined) walk(node.items, `${path}[]`);
      for (const branch of node.oneOf ?? []) walk(branch, path);
    };
    for (const entry of ENTRIES) walk(entry.schema, '');
    expect(missing).toEqual([]);
  });

  test('ids, the signer and the signature are marked generated', () => {
    for (const entry of ENTRIES) {
      expect(entry.schema.properties.id?.['x-generated']).toBe('id');
      expect(entry.schema.properties.department?.['x-generated']).toBe('signer');
      expect(entry.schema.properties.signature?.['x-generated']).toBe('signature');
    }
  });
});

describe.each(ENTRIES.map((entry) => [entry.key, entry] as const))('schema ↔ validator agreement: %s', (_key, entry) => {
  const validate = VALIDATORS[entry.recordType] as Validator;
  const allowedRuleFields = ruleFields(entry.recordType);
  const check = compiled.get(entry.key) as ValidateFunction;

  test('records generated from the schema pass ajv and the validator', () => {
    fc.assert(
      fc.property(recordArbitrary(entry.schema), (record) => {
        if (!check(record)) throw new Error(`generated record is not schema-valid: ${ajv.errorsText(check.errors)}\n${JSON.stringify(record)}`);
        const result = validate(record);
        if (!result.ok) throw new Error(`validator refused a schema-valid record: ${JSON.stringify(result.errors)}\n${JSON.stringify(record)}`);
      }),
      { numRuns: RUNS },
    );
  });

  test('a mutation the schema forbids is refused by the validator, and the validator refuses only what the schema forbids or a declared rule', () => {
    const seen = { schemaRefused: 0, ruleRefused: 0 };
    fc.assert(
      fc.property(recordArbitrary(entry.schema), fc.constantFrom(...MUTATIONS), fc.nat(), (record, mutation, pick) => {
        const mutated = mutation.apply(record, pick, entry.schema);
        const schemaOk = schemaAccepts(entry.recordType, mutated);
        const result = validate(mutated);
        if (!schemaOk) {
          seen.schemaRefused++;
          if (result.ok) throw new Error(`schema refuses (${mutation.kind}) but the validator accepts:\n${JSON.stringify(mutated)}`);
          return;
        }
        if (result.ok) return;
        seen.ruleRefused++;
        const outside = result.errors.filter((e) => !allowedRuleFields.has(normalisePath(e.field)));
        if (outside.length > 0) throw new Error(`validator refuses (${mutation.kind}) what the schema accepts, outside its declared rules: ${JSON.stringify(outside)}\n${JSON.stringify(mutated)}`);
      }),
      { numRuns: RUNS * 4 },
    );
    // The property can fail: most mutations are refused by the schema.
    expect(seen.schemaRefused).toBeGreaterThan(RUNS);
  });
});
