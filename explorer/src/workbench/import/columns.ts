/**
 * The CSV columns of a record schema and how one row becomes a record: each leaf the user fills (never the
 * page-filled type, id, department and signature, never constants) is one column named by its dotted path; lists of
 * values are one cell split by the schema's separator (`|`); an organisation-or-person subject takes the
 * organisation branch. Each cell is checked against its schema (required, allowed values, pattern, length, integer
 * range) so the preview names every bad cell before anything is signed.
 */
import type { FieldSchema } from '../../../../chaincode/src/domain/schema-kit';
import { labelText, type LocaleName } from '../forms/schema-values';

export interface Column {
  readonly path: string;
  readonly schema: FieldSchema;
  readonly required: boolean;
  /** Constants the row must carry at this path's parent (the chosen oneOf branch's discriminator). */
  readonly list: boolean;
}

export interface Constant {
  readonly path: string;
  readonly value: string;
}

/** The columns and constants of a schema; undefined when a row cannot express it (lists of objects). */
export function columnsOf(schema: FieldSchema): { columns: Column[]; constants: Constant[] } | undefined {
  const columns: Column[] = [];
  const constants: Constant[] = [];
  let expressible = true;
  const walk = (node: FieldSchema, prefix: string, parentRequired: boolean): void => {
    const properties = node.properties ?? node.oneOf?.[0]?.properties ?? {};
    const required = node.required ?? node.oneOf?.[0]?.required ?? [];
    for (const [name, child] of Object.entries(properties)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (child['x-generated'] !== undefined) continue;
      const isRequired = parentRequired && required.includes(name);
      if (child.const !== undefined) {
        constants.push({ path, value: String(child.const) });
        continue;
      }
      if (child.type === 'object' || child.oneOf) {
        walk(child, path, isRequired);
        continue;
      }
      if (child.type === 'array') {
        if (child.items?.type === 'object') expressible = false;
        columns.push({ path, schema: child, required: isRequired && (child.minItems ?? 0) > 0, list: true });
        continue;
      }
      columns.push({ path, schema: child, required: isRequired, list: false });
    }
  };
  walk(schema, '', true);
  return expressible ? { columns, constants } : undefined;
}

export function columnLabel(column: Column, locale: LocaleName): string {
  return labelText(column.schema['x-label'], locale, column.path);
}

const PROBLEM_TEXT: Readonly<Record<string, { 'zh-CN': string; en: string }>> = {
  required: { 'zh-CN': '必填', en: 'required' },
  allowed: { 'zh-CN': '取值不在允许范围内', en: 'not an allowed value' },
  pattern: { 'zh-CN': '格式不正确', en: 'wrong format' },
  length: { 'zh-CN': '长度不符合要求', en: 'wrong length' },
  integer: { 'zh-CN': '须为整数', en: 'must be an integer' },
  range: { 'zh-CN': '超出允许范围', en: 'out of range' },
};

function problem(kind: keyof typeof PROBLEM_TEXT, locale: LocaleName, allowed?: readonly string[]): string {
  const text = PROBLEM_TEXT[kind]?.[locale] ?? kind;
  return allowed && allowed.length > 0 ? `${text}${locale === 'en' ? ': ' : '：'}${allowed.join(locale === 'en' ? ', ' : '、')}` : text;
}

/** A cell's value for the record, or its problem in the page's language. */
export function readCell(column: Column, raw: string, locale: LocaleName): { value?: unknown; problem?: string } {
  const text = raw.trim();
  if (text === '') return column.required ? { problem: problem('required', locale) } : {};
  if (column.list) {
    const items = text.split(column.schema['x-separator'] ?? '|').map((s) => s.trim()).filter((s) => s !== '');
    for (const item of items) {
      const bad = scalarProblem(column.schema.items ?? {}, item, locale);
      if (bad) return { problem: `${item}: ${bad}` };
    }
    if (items.length < (column.schema.minItems ?? 0)) return { problem: problem('required', locale) };
    return { value: items };
  }
  const bad = scalarProblem(column.schema, text, locale);
  if (bad) return { problem: bad };
  return { value: column.schema.type === 'integer' ? Number(text) : text };
}

function scalarProblem(schema: FieldSchema, text: string, locale: LocaleName): string | undefined {
  if (schema.enum && !schema.enum.includes(text)) {
    const labels = schema.enum.map((v) => `${v}（${labelText(schema['x-enumLabels']?.[v], locale, v)}）`);
    return problem('allowed', locale, locale === 'en' ? schema.enum : labels);
  }
  if (schema.type === 'integer') {
    if (!/^-?\d+$/.test(text)) return problem('integer', locale);
    const n = Number(text);
    if ((schema.minimum !== undefined && n < schema.minimum) || (schema.maximum !== undefined && n > schema.maximum)) return problem('range', locale);
    return undefined;
  }
  if ((schema.maxLength !== undefined && text.length > schema.maxLength) || (schema.minLength !== undefined && text.length < schema.minLength)) return problem('length', locale);
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(text)) return problem('pattern', locale);
  return undefined;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? path] = value;
}

export interface RowResult {
  readonly body: Record<string, unknown>;
  /** Bad cells: CSV header → problem. */
  readonly problems: Readonly<Record<string, string>>;
}

/** One CSV row (header → cell) as the record's business fields, with the problem of every bad cell. */
export function readRow(columns: readonly Column[], constants: readonly Constant[], mapping: Readonly<Record<string, string>>, row: Readonly<Record<string, string>>, locale: LocaleName): RowResult {
  const body: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const constant of constants) setPath(body, constant.path, constant.value);
  for (const column of columns) {
    const header = mapping[column.path];
    const raw = header ? (row[header] ?? '') : '';
    const cell = readCell(column, raw, locale);
    if (cell.problem) problems[header || column.path] = cell.problem;
    else if (cell.value !== undefined) setPath(body, column.path, cell.value);
  }
  return { body, problems };
}

/** The mapping a CSV header row suggests: a header equal to the column's path or to its label in either language. */
export function suggestMapping(columns: readonly Column[], headers: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const column of columns) {
    const names = [column.path, columnLabel(column, 'zh-CN'), columnLabel(column, 'en')].map((n) => n.toLowerCase());
    const header = headers.find((h) => names.includes(h.trim().toLowerCase()));
    if (header) mapping[column.path] = header;
  }
  return mapping;
}
