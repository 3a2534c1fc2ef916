/**
 * Test support: fast-check arbitraries that generate values from a record schema (the subset of JSON Schema the
 * record schemas use), and the fixes that make a schema-valid record also satisfy the rules a schema cannot express
 * (its `x-rules`), so the agreement test can ask the validator to accept every generated record.
 */
import fc from 'fast-check';
import { bytesToHex, sm2GenerateKeyPair, type JsonValue } from '../../crypto';
import { creditCodeCheckCharacter } from '../domain/credit/codes';
import { PATTERNS, type FieldSchema, type RecordSchema } from '../domain/schema-kit';

type Obj = { [key: string]: JsonValue };

const CHINESE = fc.constantFrom(...'上海江苏浙江安徽六安瓜片合作社茶业有限公司市场监督管理局检测报告'.split(''));
const TEXT_CHAR = fc.oneof(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,:;*#/()'.split('')), CHINESE);

/** Strings of `min`..`max` characters (code points) of ASCII and CJK; long limits are sampled at their bounds too. */
function textArbitrary(min: number, max: number): fc.Arbitrary<string> {
  const cap = Math.min(max, min + 24);
  const body = fc.array(TEXT_CHAR, { minLength: min, maxLength: cap }).map((chars) => chars.join(''));
  return max > cap ? fc.oneof({ weight: 5, arbitrary: body }, { weight: 1, arbitrary: fc.constant('长'.repeat(max)) }) : body;
}

export function arbitraryOf(schema: FieldSchema): fc.Arbitrary<JsonValue> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  if (schema.oneOf !== undefined) return fc.oneof(...schema.oneOf.map(arbitraryOf));
  switch (schema.type) {
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? 64;
      if (schema.pattern === PATTERNS.hex) {
        // Bytes as hex: a filter on stringMatching would rarely reach a long minimum length.
        const minBytes = Math.ceil(min / 2);
        return fc.uint8Array({ minLength: minBytes, maxLength: Math.min(Math.floor(max / 2), minBytes + 40) }).map((bytes) => bytesToHex(bytes));
      }
      if (schema.pattern !== undefined) {
        const regex = new RegExp(schema.pattern, 'u');
        return fc.stringMatching(regex).filter((s) => [...s].length >= min && [...s].length <= max && regex.test(s));
      }
      return textArbitrary(min, max);
    }
    case 'integer': {
      const min = schema.minimum ?? -1_000_000;
      const max = schema.maximum ?? 1_000_000;
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = schema.items === undefined ? fc.constant<JsonValue>('') : arbitraryOf(schema.items);
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)) };
      return schema.uniqueItems === true ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(item, constraints);
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, arbitraryOf(child)]));
      const required = (schema.required ?? []).filter((name) => name in model);
      return fc.record(model, { requiredKeys: required }).filter((o) => Object.keys(o).length >= (schema.minProperties ?? 0)) as fc.Arbitrary<JsonValue>;
    }
    default:
      return fc.constant(null);
  }
}

const KEY = bytesToHex(sm2GenerateKeyPair().publicKey);

/** The values at a dotted path with `[]` wildcards, as [parent object, member name] pairs. */
function slots(root: JsonValue, path: string): Array<[Obj, string]> {
  const parts = path.split('.');
  let nodes: JsonValue[] = [root];
  for (const part of parts.slice(0, -1)) {
    const name = part.replace(/\[\]$/, '');
    nodes = nodes.flatMap((n) => {
      const child = isObj(n) ? n[name] : undefined;
      if (child === undefined) return [];
      return part.endsWith('[]') ? (Array.isArray(child) ? child : []) : [child];
    });
  }
  const last = parts[parts.length - 1] ?? '';
  return nodes.filter(isObj).filter((n) => n[last] !== undefined).map((n) => [n, last]);
}

function isObj(value: JsonValue | undefined): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Makes a schema-valid record satisfy the schema's x-rules (returns a fixed copy). */
export function satisfyRules(schema: RecordSchema, input: JsonValue): JsonValue {
  const record = structuredClone(input) as Obj;
  for (const rule of schema['x-rules']) {
    const order = /^(.+)-after-(.+)$/.exec(rule.id);
    if (order !== null) {
      const [later, earlier] = [order[1] ?? '', order[2] ?? ''];
      const [laterSlot] = slots(record, later);
      const [earlierSlot] = slots(record, earlier);
      if (laterSlot && earlierSlot && !(Date.parse(String(laterSlot[0][laterSlot[1]])) > Date.parse(String(earlierSlot[0][earlierSlot[1]])))) {
        earlierSlot[0][earlierSlot[1]] = '2020-01-01T00:00:00Z';
        laterSlot[0][laterSlot[1]] = '2030-01-01T00:00:00Z';
      }
      continue;
    }
    switch (rule.id) {
      case 'credit-code-check-character':
        for (const field of rule.fields) {
          for (const [parent, name] of slots(record, field)) {
            const code = String(parent[name]);
            parent[name] = code.slice(0, 17) + (creditCodeCheckCharacter(code.slice(0, 17)) ?? '0');
          }
        }
        break;
      case 'weights-sum-100': {
        const criteria = record.criteria;
        if (isObj(criteria) && typeof criteria.priceWeight === 'number') criteria.technicalWeight = 100 - criteria.priceWeight;
        break;
      }
      case 'specialities-within-count': {
        const experts = record.experts;
        if (isObj(experts) && Array.isArray(experts.specialities) && typeof experts.count === 'number') experts.specialities = experts.specialities.slice(0, experts.count);
        break;
      }
      case 'award-authority-not-publisher':
        if (record.awardAuthority === record.department) record.awardAuthority = record.department === 'award-dept' ? 'award-dept-2' : 'award-dept';
        break;
      case 'bid-for-this-tender':
        if (isObj(record.bid)) record.bid.tenderId = record.tenderId ?? '';
        break;
      case 'conditions-for-conditional':
        if (record.mode === 'conditional' && record.conditions === undefined) record.conditions = '仅限执法协查';
        break;
      case 'county-for-county-tier':
        if (record.tier === 'county' && record.county === undefined) record.county = '金寨县';
        break;
      case 'sm2-public-key-on-curve':
        if (isObj(record.key)) record.key.publicKey = KEY;
        break;
      case 'measures-suit-list':
        break; // ledger state: checked by the contract against the entry, not by the validator
      default:
        throw new Error(`satisfyRules: no fix for rule ${rule.id} of ${schema.title}`);
    }
  }
  return record;
}

/** A schema-valid record of the schema that also satisfies its x-rules. */
export function recordArbitrary(schema: RecordSchema): fc.Arbitrary<JsonValue> {
  return arbitraryOf(schema).map((record) => satisfyRules(schema, record));
}
