/**
 * Table rows → records of one record type, by a column mapping, checked by the chaincode's own validator with the
 * record schema's hints (issue 16): every bad cell is named by its row, column, reason and allowed values.
 */
import { RECORD_VALIDATORS } from '@dtl/chaincode';
import { canonicalJson, sm3Hex, utf8Encode, type JsonValue } from '@dtl/chaincode/crypto';
import { fieldSchemaAt, propertiesOf, schemasOfType, type FieldSchema } from '@dtl/chaincode/schemas';
import type { Table } from './table';

type Obj = { [key: string]: JsonValue };

/** Column header → dotted field path of the record (`subject.creditCode`). */
export type ColumnMapping = Readonly<Record<string, string>>;

export interface CellIssue {
  /** Row number as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  readonly row: number;
  /** The column holding the bad value, or null when the field has no column (a required field left unmapped). */
  readonly column: string | null;
  readonly field: string;
  readonly reason: string;
  readonly allowed?: readonly string[];
}

export interface BuiltRow {
  readonly row: number;
  /** The unsigned record (type, id, department and the mapped fields); absent when a cell could not be read. */
  readonly record?: Obj;
  readonly issues: readonly CellIssue[];
}

export class MappingError extends Error {
  override readonly name = 'MappingError';
  constructor(message: string, readonly allowed: readonly string[]) {
    super(message);
  }
}

/** Importable leaf fields of a record type (across its variants): path → schema node. */
export function importableFields(recordType: string): Map<string, FieldSchema> {
  const fields = new Map<string, FieldSchema>();
  const walk = (node: FieldSchema, path: string): void => {
    if (node.oneOf !== undefined) {
      for (const branch of node.oneOf) walk(branch, path);
      return;
    }
    const properties = propertiesOf(node);
    if (Object.keys(properties).length > 0 && node.type !== 'array') {
      for (const [name, child] of Object.entries(properties)) {
        if (child['x-generated'] !== undefined && child['x-generated'] !== 'id') continue;
        walk(child, path === '' ? name : `${path}.${name}`);
      }
      return;
    }
    if (node.type === 'array' && node.items?.type === 'object') return; // lists of objects (derivation outputs) are not flat cells
    const known = fields.get(path);
    fields.set(path, known === undefined ? node : mergeChoices(known, node));
  };
  for (const entry of schemasOfType(recordType)) walk(entry.schema, '');
  return fields;
}

/**
 * The mapping to use: the explicit one (each target checked), else every column whose header is a field path or a
 * field's label (zh-CN or English). Columns that map to nothing are ignored (and reported).
 */
export function resolveMapping(recordType: string, columns: readonly string[], explicit?: ColumnMapping): { mapping: ColumnMapping; unmapped: string[] } {
  const fields = importableFields(recordType);
  const allowed = [...fields.keys()];
  if (explicit !== undefined) {
    for (const [column, path] of Object.entries(explicit)) {
      if (!columns.includes(column)) throw new MappingError(`mapping: column "${column}" is not in the file (columns: ${columns.join(', ')})`, columns);
      if (!fields.has(path)) throw new MappingError(`mapping: "${path}" is not a field of ${recordType}`, allowed);
    }
    return { mapping: explicit, unmapped: columns.filter((c) => !(c in explicit)) };
  }
  const byName = new Map<string, string>();
  for (const [path, node] of fields) {
    byName.set(path, path);
    const label = node['x-label'];
    if (label !== undefined) {
      const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
      const parentLabel = parent === '' ? undefined : fieldSchemaAt(schemasOfType(recordType)[0]?.schema ?? {}, parent)?.['x-label'];
      for (const text of [label['zh-CN'], label.en, ...(parentLabel ? [`${parentLabel['zh-CN']}.${label['zh-CN']}`, `${parentLabel.en}.${label.en}`] : [])]) if (!byName.has(text)) byName.set(text, path);
    }
  }
  const mapping: Record<string, string> = {};
  const unmapped: string[] = [];
  for (const column of columns) {
    const path = byName.get(column);
    if (path !== undefined && !Object.values(mapping).includes(path)) mapping[column] = path;
    else unmapped.push(column);
  }
  return { mapping, unmapped };
}

function setAt(record: Obj, path: string, value: JsonValue): void {
  const parts = path.split('.');
  let node = record;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    if (typeof child === 'object' && child !== null && !Array.isArray(child)) node = child;
    else node = node[part] = {};
  }
  node[parts[parts.length - 1] ?? ''] = value;
}

function choicesOf(node: FieldSchema): readonly string[] {
  return node.enum ?? (node.const === undefined ? [] : [node.const]);
}

/** The same field in two variants (`list`: black | red; `category`): one field allowing the values of both. */
function mergeChoices(a: FieldSchema, b: FieldSchema): FieldSchema {
  const values = [...new Set([...choicesOf(a), ...choicesOf(b)])];
  const items = a.items !== undefined && b.items !== undefined ? mergeChoices(a.items, b.items) : a.items;
  const { const: _const, ...rest } = a;
  return {
    ...rest,
    ...(values.length > 0 ? { enum: values, 'x-enumLabels': { ...a['x-enumLabels'], ...b['x-enumLabels'] } } : {}),
    ...(items === undefined ? {} : { items }),
  };
}

/** An enum value written as itself or as its label (zh-CN or English), as people fill in spreadsheets. */
function choiceValue(text: string, node: FieldSchema | undefined): string {
  const labels = node?.['x-enumLabels'];
  if (labels === undefined || choicesOf(node ?? {}).includes(text)) return text;
  const found = Object.entries(labels).find(([, label]) => label['zh-CN'] === text || label.en.toLowerCase() === text.toLowerCase());
  return found === undefined ? text : found[0];
}

/** A cell's text as the field's JSON value; a string reason when it cannot be. */
function cellValue(text: string, node: FieldSchema): JsonValue | { readonly problem: string } {
  if (node.type === 'integer') return /^-?\d{1,16}$/.test(text) ? Number(text) : { problem: 'must be a whole number' };
  if (node.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : { problem: 'must be true or false' };
  if (node.type === 'array') {
    const items = text.split(node['x-separator'] ?? '|').map((item) => item.trim()).filter((item) => item !== '');
    if (node.items?.type === 'integer') return items.map((item) => (/^-?\d{1,16}$/.test(item) ? Number(item) : item));
    return items.map((item) => choiceValue(item, node.items));
  }
  return choiceValue(text, node);
}

const PLACEHOLDER_SIGNATURE = { algorithm: 'SM2-SM3', keyId: 'import#preview', userId: '1234567812345678', value: '00'.repeat(8) };

function columnOf(mapping: ColumnMapping, field: string): string | null {
  const plain = field.replace(/\[\d+\]/g, '');
  let best: string | null = null;
  for (const [column, path] of Object.entries(mapping)) {
    if (path === plain || plain.startsWith(`${path}.`) || path.startsWith(`${plain}.`)) {
      if (best === null || path === plain) best = column;
    }
  }
  return best;
}

/** A record id from the row's content: importing the same file twice is refused as a replay, not written twice. */
export function importRecordId(record: Obj): string {
  const { id: _id, ...content } = record;
  return `imp-${String(record.type).replace(/\./g, '-')}-${sm3Hex(utf8Encode(canonicalJson(content))).slice(0, 32)}`;
}

export interface BuildOptions {
  readonly recordType: string;
  readonly department: string;
  readonly mapping: ColumnMapping;
}

/** Builds and checks every row. Pure: no ledger, no signature. */
export function buildRows(table: Table, options: BuildOptions): BuiltRow[] {
  const validate = RECORD_VALIDATORS[options.recordType];
  if (validate === undefined) throw new MappingError(`no validator for ${options.recordType}`, Object.keys(RECORD_VALIDATORS));
  const fields = importableFields(options.recordType);
  const firstRowOfId = new Map<string, number>();
  return table.rows.map((cells, index): BuiltRow => {
    const row = index + 2;
    const issues: CellIssue[] = [];
    const record: Obj = { type: options.recordType, department: options.department };
    for (const [column, path] of Object.entries(options.mapping)) {
      const text = cells[table.columns.indexOf(column)] ?? '';
      if (text === '') continue;
      const value = cellValue(text, fields.get(path) ?? {});
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'problem' in value) issues.push({ row, column, field: path, reason: String(value.problem) });
      else setAt(record, path, value);
    }
    if (issues.length > 0) return { row, issues };
    if (record.id === undefined) record.id = importRecordId(record);
    const result = validate({ ...record, signature: PLACEHOLDER_SIGNATURE });
    if (!result.ok) {
      for (const error of result.errors) {
        if (error.field === 'signature' || error.field.startsWith('signature.')) continue;
        issues.push({ row, column: columnOf(options.mapping, error.field), field: error.field, reason: error.message, ...(error.allowed === undefined ? {} : { allowed: error.allowed }) });
      }
    }
    const id = String(record.id);
    const first = firstRowOfId.get(id);
    if (first !== undefined) issues.push({ row, column: columnOf(options.mapping, 'id'), field: 'id', reason: `duplicates row ${first} (same record)` });
    else firstRowOfId.set(id, row);
    return { row, record, issues };
  });
}
