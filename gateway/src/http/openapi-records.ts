/**
 * OpenAPI request bodies from the record schemas (issue 16): each write route's body is `{ record, transient? }`
 * where `record` is one of the schemas of the record types the route accepts, so Swagger shows the real fields,
 * their allowed values and labels instead of `"record": {}`.
 */
import { RECORD_SCHEMAS, schemasOfType, type FieldSchema, type RecordSchemaEntry } from '@dtl/chaincode/schemas';

type Json = Record<string, unknown>;

/** The component name of a record schema: `record.credit.entry--black`. */
export function recordComponentName(key: string): string {
  return `record.${key.replace(':', '--')}`;
}

/** A record schema as a submit body takes it: without `$schema`/`$id`, the signature optional (e-seal path). */
function submitSchema(entry: RecordSchemaEntry): Json {
  const { $schema: _dialect, $id: _id, ...schema } = entry.schema;
  const properties = entry.schema.properties as Readonly<Record<string, FieldSchema>>;
  return {
    ...schema,
    description: `${entry.schema['x-label']['zh-CN']} / ${entry.schema['x-label'].en}. Signed by a department with a role of: ${entry.roles.join(', ')}. Leave out \`signature\` to have the gateway sign with the department's e-seal key.`,
    properties,
    required: entry.schema.required.filter((name) => name !== 'signature'),
  };
}

export function recordComponentSchemas(): Record<string, Json> {
  return Object.fromEntries(Object.values(RECORD_SCHEMAS).map((entry) => [recordComponentName(entry.key), submitSchema(entry)]));
}

/** The request body of a write route accepting these record types. */
export function recordRequestBody(types: readonly string[]): Json {
  const refs = types.flatMap((type) => schemasOfType(type)).map((entry) => ({ $ref: `#/components/schemas/${recordComponentName(entry.key)}` }));
  return {
    required: true,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: {
            record: refs.length === 1 ? refs[0] : { oneOf: refs },
            transient: { type: 'object', additionalProperties: { type: 'string', maxLength: 4096 }, description: 'Personal identifiers for private data (never written to the shared ledger)' },
          },
          required: ['record'],
          additionalProperties: false,
        },
      },
    },
  };
}

const IMPORT_QUERY = [
  { name: 'type', in: 'query', required: true, description: 'The record type of every row', schema: { type: 'string', enum: [...new Set(Object.values(RECORD_SCHEMAS).filter((e) => e.importable).map((e) => e.recordType))] } },
  { name: 'mapping', in: 'query', required: false, description: 'JSON: column header → field path (default: headers that are field paths or field labels, zh-CN or English)', schema: { type: 'string' } },
  { name: 'sheet', in: 'query', required: false, description: 'Worksheet of an .xlsx file (default: the first)', schema: { type: 'string' } },
  { name: 'format', in: 'query', required: false, description: 'csv: the per-row results as a CSV download', schema: { enum: ['json', 'csv'] } },
];
const TABLE_BODY = {
  required: true,
  content: {
    'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV with a header row' } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
  },
};
const ERROR_REF = { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/** The bulk import operations (gateway/src/import/routes.ts). */
export function importOpenApiPaths(): Record<string, Json> {
  return {
    '/api/v1/import/preview': {
      post: {
        tags: ['import'],
        summary: 'Check a CSV / Excel file of records: every bad cell (row, column, reason, allowed values) and the unsigned records of the good rows; writes nothing',
        security: [{ bearer: [] }],
        parameters: IMPORT_QUERY.filter((p) => p.name !== 'format'),
        requestBody: TABLE_BODY,
        responses: { '200': { description: '{ type, columns, mapping, unmapped, rows, valid, invalid, issues, records }' }, '400': ERROR_REF, '401': ERROR_REF, '413': ERROR_REF },
      },
    },
    '/api/v1/import/submit': {
      post: {
        tags: ['import'],
        summary: 'Submit the good rows: a CSV / Excel file signed by the e-seal key, or JSON rows each signed in the browser; one result per row (JSON, or CSV with format=csv)',
        security: [{ bearer: [] }],
        parameters: IMPORT_QUERY.map((p) => ({ ...p, required: false })),
        requestBody: {
          required: true,
          content: {
            ...TABLE_BODY.content,
            'application/json': {
              schema: {
                type: 'object',
                properties: { rows: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object', properties: { row: { type: 'integer', minimum: 1 }, record: { type: 'object', description: 'a record from the preview, signed by the department' } }, required: ['row', 'record'], additionalProperties: false } } },
                required: ['rows'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: { '200': { description: '{ type, rows, committed, refused, invalid, results: [{ row, status, id, txId, blockNumber, code, message }] }' }, '400': ERROR_REF, '401': ERROR_REF, '413': ERROR_REF },
      },
    },
  };
}
