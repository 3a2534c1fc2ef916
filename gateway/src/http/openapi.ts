/** The OpenAPI 3.1 document, generated from the same tables the router is built from. */
import { READ_ROUTES, WRITE_ROUTES } from './capabilities';
import { readModelOpenApiPaths } from '../read-model/routes';
import { importOpenApiPaths, recordComponentSchemas, recordRequestBody } from './openapi-records';
import { publicOpenApiPaths } from './public-routes';

type Json = Record<string, unknown>;

const ERROR = { $ref: '#/components/schemas/Error' };
const bearer = [{ bearer: [] }];

function openapiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function pathParams(path: string): Json[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

function errors(...statuses: number[]): Json {
  return Object.fromEntries(statuses.map((s) => [String(s), { description: 'error', content: { 'application/json': { schema: ERROR } } }]));
}

export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  const at = (path: string): Json => (paths[`/api/v1${openapiPath(path)}`] ??= {});
  for (const route of WRITE_ROUTES) {
    at(route.path).post = {
      tags: [route.tag],
      summary: route.summary,
      description: `Accepts record types: ${route.types.join(', ')}. Send a record signed by the department, or an unsigned one to have the gateway sign it with the department's e-seal key.`,
      security: bearer,
      parameters: pathParams(route.path),
      requestBody: recordRequestBody(route.types),
      responses: { '201': { description: 'committed: receipt and proof', content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmitAnswer' } } } }, ...errors(400, 401, 403, 404, 409, 422) },
    };
  }
  for (const route of READ_ROUTES) {
    at(route.path).get = {
      tags: [route.tag],
      summary: route.summary,
      ...(route.public ? {} : { security: bearer }),
      parameters: [
        ...pathParams(route.path),
        ...route.args.filter((a) => 'query' in a).map((a) => ({ name: (a as { query: string }).query, in: 'query', required: false, schema: { type: 'string' } })),
        ...(route.family !== undefined ? [{ name: 'X-DTL-Purpose', in: 'header', required: false, description: "Required when the answer holds another province's data", schema: { type: 'string' } }, { name: 'X-DTL-Grant', in: 'header', required: false, description: 'Grant id to use for a conditional resource', schema: { type: 'string' } }] : []),
      ],
      responses: { '200': { description: 'ledger state (JSON)' }, ...errors(400, 401, 403, 404) },
    };
  }
  const extra: Array<[string, string, Json]> = [
    ['/auth/challenge', 'post', { tags: ['auth'], summary: 'Get a one-time challenge to sign with a department SM2 key', requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { department: { type: 'string' } }, required: ['department'] } } } }, responses: { '200': { description: 'challenge' }, ...errors(400) } }],
    ['/auth/token', 'post', { tags: ['auth'], summary: 'Exchange a signed challenge or a demo API key for a JWT', requestBody: { content: { 'application/json': { schema: { oneOf: [{ type: 'object', properties: { apiKey: { type: 'string' } }, required: ['apiKey'] }, { type: 'object', properties: { department: { type: 'string' }, challenge: { type: 'string' }, keyId: { type: 'string' }, userId: { type: 'string' }, signature: { type: 'string', description: 'DER hex' } }, required: ['department', 'challenge', 'keyId', 'signature'] }] } } } }, responses: { '200': { description: 'token' }, ...errors(400, 401) } }],
    ['/auth/me', 'get', { tags: ['auth'], summary: 'The authenticated department, as the ledger registry has it', security: bearer, responses: { '200': { description: 'department' }, ...errors(401) } }],
    ['/departments/{departmentId}/keys/eseal-rotation', 'post', { tags: ['departments'], summary: "Rotate the department's e-seal key: the gateway generates the next key, signs the rotation with the current one (superseding it) and keeps the new one", security: bearer, parameters: [{ name: 'departmentId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '201': { description: 'receipt, new key id, proof' }, ...errors(400, 401, 403) } }],
    ['/tenders/{tenderId}/evidence', 'get', { tags: ['tenders'], summary: "A tender's evidence package: every record with its proof, the block headers, the replay result (check offline: dtl tender replay <file>)", security: bearer, parameters: [{ name: 'tenderId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'evidence package' }, ...errors(400, 401, 404) } }],
    ['/records/{recordId}', 'get', { tags: ['records'], summary: 'A record with its proof (cross-region reads are recorded)', security: bearer, parameters: [{ name: 'recordId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'X-DTL-Purpose', in: 'header', schema: { type: 'string' } }], responses: { '200': { description: 'proof' }, ...errors(400, 401, 403, 404) } }],
    ['/blocks', 'get', { tags: ['chain'], summary: 'Latest blocks (or from a number)', security: bearer, parameters: [{ name: 'from', in: 'query', schema: { type: 'integer' } }, { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } }], responses: { '200': { description: 'blocks' } } }],
    ['/blocks/{number}', 'get', { tags: ['chain'], summary: 'A block with its transactions', security: bearer, parameters: [{ name: 'number', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '200': { description: 'block' }, ...errors(400, 404) } }],
    ['/transactions/{txId}', 'get', { tags: ['chain'], summary: 'A transaction', security: bearer, parameters: [{ name: 'txId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'transaction' }, ...errors(400, 404) } }],
    ['/trace/{batchId}', 'get', { tags: ['public'], summary: 'Public trace view of a batch by id or QR payload (no login, rate-limited)', parameters: [{ name: 'batchId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'trace view with verdict' }, ...errors(400, 404, 429) } }],
    ['/licences/{number}/verify', 'get', { tags: ['public'], summary: 'Public licence verification by number + SM3 digest of the file (no login, rate-limited)', parameters: [{ name: 'number', in: 'path', required: true, schema: { type: 'string' } }, { name: 'digest', in: 'query', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }], responses: { '200': { description: 'verification' }, ...errors(400, 429) } }],
    // trust anchors and proofs for verifiers (trust-routes.ts)
    ['/trust', 'get', { tags: ['public'], summary: 'This network\'s trust bundle (genesis hash, block-signing key, fingerprint); pin it only after comparing the fingerprint with the published one', responses: { '200': { description: 'trust bundle' }, ...errors(404, 429) } }],
    ['/trace/{batchId}/proofs', 'get', { tags: ['public'], summary: 'A proof (with key provenance) for every record of the public trace view (no login, rate-limited)', parameters: [{ name: 'batchId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: '{ batchId, proofs }' }, ...errors(400, 429) } }],
    ['/transactions/{txId}/proof', 'get', { tags: ['chain'], summary: 'The proof of the record a transaction carries', security: bearer, parameters: [{ name: 'txId', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{16,128}$' } }], responses: { '200': { description: '{ proof }' }, ...errors(400, 401, 404) } }],
    ['/batches/{batchId}/qr.{format}', 'get', { tags: ['public'], summary: 'QR code (PNG or SVG) of the https address of a batch\'s public trace page (DTL_PUBLIC_URL/trace/<batchId>?c=<checkCode>)', parameters: [{ name: 'batchId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'format', in: 'path', required: true, schema: { enum: ['png', 'svg'] } }], responses: { '200': { description: 'image' }, ...errors(400, 404, 429) } }],
  ];
  for (const [path, method, op] of extra) (paths[`/api/v1${path}`] ??= {})[method] = op;
  Object.assign(paths, readModelOpenApiPaths()); // the read model's lists, search and audit (issue 15)
  Object.assign(paths, importOpenApiPaths()); // bulk import of CSV / Excel (issue 16)
  Object.assign(paths, publicOpenApiPaths()); // the public pages' reads (issue 17)
  paths['/healthz'] = { get: { tags: ['ops'], summary: 'Status, ledger kind and height', responses: { '200': { description: 'ok' } } } };
  paths['/metrics'] = { get: { tags: ['ops'], summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition format' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Delta Trust Ledger gateway', version: '1', description: 'Departments submit signed records; anyone verifies. Errors: { error: { code, message, details, requestId } }.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {}, requestId: { type: 'string' } }, required: ['code', 'message'] } } },
        SubmitBody: { type: 'object', properties: { record: { type: 'object', required: ['type', 'id', 'department'] }, transient: { type: 'object', additionalProperties: { type: 'string' } } }, required: ['record'], additionalProperties: false },
        SubmitAnswer: { type: 'object', properties: { receipt: { type: 'object' }, proof: { $ref: '#/components/schemas/Proof' } } },
        ...recordComponentSchemas(), // one per record type and variant, from chaincode/src/domain/*/schemas.ts (issue 16)
        Proof: { type: 'object', properties: { version: { const: 1 }, record: { type: 'object' }, signature: { type: 'object' }, signerKeyId: { type: 'string' }, signerPublicKey: { type: 'string' }, txId: { type: 'string' }, blockNumber: { type: 'integer' }, blockHash: { type: 'string' }, header: { type: 'object' }, inclusion: { type: 'object' }, blockSignature: { type: 'object' }, form: { enum: ['content', 'hash-only'], description: 'which form of the record the proof carries (issue 12): the content, or the hash-only form for a caller who may not read it' }, contentHash: { type: 'string', description: 'hash-only: SM3 of the record content (its signed bytes)' } } },
      },
    },
  };
}
