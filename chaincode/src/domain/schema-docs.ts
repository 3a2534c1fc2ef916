/** docs/record-types.md, generated from the record schemas (`npm run docs:schemas`; a test keeps it current). */
import { RECORD_SCHEMAS, type RecordSchemaEntry } from './schemas';
import type { FieldSchema } from './schema-kit';

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function typeOf(node: FieldSchema): string {
  if (node.const !== undefined) return `\`"${node.const}"\``;
  const base = node.type === 'array' ? `list of ${node.items ? typeOf(node.items) : 'values'}` : node.oneOf !== undefined ? 'one of the objects below' : (node.type ?? 'value');
  const limits: string[] = [];
  if (node.minLength !== undefined && node.minLength > 1) limits.push(`≥ ${node.minLength} chars`);
  if (node.maxLength !== undefined) limits.push(`≤ ${node.maxLength} chars`);
  if (node.minimum !== undefined) limits.push(`${node.minimum}–${node.maximum ?? '∞'}`);
  if (node.minItems !== undefined || node.maxItems !== undefined) limits.push(`${node.minItems ?? 0}–${node.maxItems ?? '∞'} items${node.uniqueItems ? ', distinct' : ''}`);
  if (node['x-format'] !== undefined) limits.push(node['x-format']);
  return limits.length === 0 ? base : `${base} (${limits.join(', ')})`;
}

function allowedOf(node: FieldSchema): string {
  const leaf = node.type === 'array' && node.items !== undefined ? node.items : node;
  if (leaf.enum !== undefined) return leaf.enum.map((v) => `\`${v}\` ${leaf['x-enumLabels']?.[v]?.['zh-CN'] ?? ''}`.trim()).join(', ');
  if (leaf.pattern !== undefined) return `pattern \`${leaf.pattern}\``;
  return '';
}

function rows(node: FieldSchema, path: string, required: boolean, out: string[]): void {
  const label = node['x-label'];
  const generated = node['x-generated'] !== undefined ? `generated (${node['x-generated']})` : required ? 'yes' : '';
  if (path !== '') out.push(`| \`${path}\` | ${escape(label?.['zh-CN'] ?? '')} | ${escape(label?.en ?? '')} | ${generated} | ${escape(typeOf(node))} | ${escape(allowedOf(node))} |`);
  if (node['x-generated'] === 'signature') return;
  const objects = node.oneOf ?? (node.type === 'array' && node.items?.type === 'object' ? [node.items] : node.type === 'object' && path !== '' ? [node] : []);
  for (const object of objects) {
    const prefix = node.type === 'array' ? `${path}[]` : path;
    for (const [name, child] of Object.entries(object.properties ?? {})) rows(child, `${prefix}.${name}`, (object.required ?? []).includes(name), out);
  }
}

function section(entry: RecordSchemaEntry): string {
  const schema = entry.schema;
  const out = [
    `## \`${entry.key}\` — ${schema['x-label']['zh-CN']} / ${schema['x-label'].en}`,
    '',
    `Signed by a department with a role of: ${entry.roles.map((r) => `\`${r}\``).join(', ')}. ${entry.route === '' ? 'Written by the gateway itself.' : `\`POST /api/v1${entry.route}\` (or \`/records\`).`}${entry.importable ? ` Bulk import: \`--type ${entry.recordType}\`.` : ''}`,
    ...(schema['x-description'] ? ['', `${schema['x-description']['zh-CN']} — ${schema['x-description'].en}`] : []),
    '',
    '| field | 字段 | label | required | type | allowed values |',
    '|---|---|---|---|---|---|',
  ];
  for (const [name, child] of Object.entries(schema.properties)) rows(child, name, schema.required.includes(name), out);
  if (schema['x-rules'].length > 0) {
    out.push('', 'Rules the schema cannot express (checked by the chaincode validator):', '');
    for (const rule of schema['x-rules']) out.push(`- \`${rule.id}\`: ${rule.label['zh-CN']} — ${rule.label.en}`);
  }
  return out.join('\n');
}

export function recordTypesMarkdown(): string {
  const entries = Object.values(RECORD_SCHEMAS);
  return [
    '# Record types',
    '',
    '<!-- Generated from chaincode/src/domain/*/schemas.ts by `npm run docs:schemas`; do not edit by hand. -->',
    '',
    'Every record a department signs, one JSON Schema (draft 2020-12) per record type and variant: the source of the',
    "workbench's forms, the OpenAPI request bodies, the chaincode's error hints and the bulk import. Import them with",
    "`import { RECORD_SCHEMAS } from '@dtl/chaincode/schemas'`. Generated fields (record id, signing department,",
    'signature) are filled in by the software, never typed by a user. Times are ISO-8601 UTC instants',
    '(`2025-03-01T00:00:00Z`); trace events carry their zone (`2025-03-01T08:00:00+08:00`). Digests are SM3, lower-case hex.',
    '',
    '| record type | 中文 | English | roles |',
    '|---|---|---|---|',
    ...entries.map((e) => `| [\`${e.key}\`](#${e.key.replace(/[^a-z0-9-]/g, '')}) | ${e.schema['x-label']['zh-CN']} | ${e.schema['x-label'].en} | ${e.roles.length > 8 ? 'any' : e.roles.join(', ')} |`),
    '',
    ...entries.map(section).flatMap((s) => [s, '']),
  ].join('\n');
}
