/** /openapi.json has a real request schema for every write route, from the record schemas (issue 16). */
import request from 'supertest';
import Ajv2020 from 'ajv/dist/2020';
import { RECORD_SCHEMAS, RECORD_TYPE_INFO, SCHEMA_ANNOTATIONS } from '@dtl/chaincode/schemas';
import { WRITE_ROUTES, WRITE_TARGETS } from './capabilities';
import { openApiDocument } from './openapi';
import { startTestGateway, type TestGateway } from './test-support';

type Json = Record<string, unknown>;

let gw: TestGateway;
let document: { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };

beforeAll(async () => {
  gw = await startTestGateway();
  const res = await request(gw.server.app).get('/openapi.json');
  expect(res.status).toBe(200);
  document = res.body as typeof document;
});
afterAll(async () => {
  await gw.close();
});

function resolve(ref: unknown): Json {
  const name = String((ref as { $ref?: string }).$ref ?? '').replace('#/components/schemas/', '');
  const schema = document.components.schemas[name];
  if (schema === undefined) throw new Error(`unresolved ${String((ref as { $ref?: string }).$ref)}`);
  return schema;
}

test('every write route has a non-empty request schema whose record is one of the real record schemas', () => {
  for (const route of WRITE_ROUTES) {
    const path = `/api/v1${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const op = document.paths[path]?.post as { requestBody?: { content?: Record<string, { schema?: Json }> } } | undefined;
    const schema = op?.requestBody?.content?.['application/json']?.schema as { properties?: { record?: Json } } | undefined;
    const record = schema?.properties?.record;
    expect({ path, hasRecordSchema: record !== undefined && Object.keys(record).length > 0 }).toEqual({ path, hasRecordSchema: true });
    const refs = (record?.oneOf as unknown[] | undefined) ?? [record];
    const types = new Set<string>();
    for (const ref of refs) {
      const component = resolve(ref) as { properties?: Record<string, Json>; 'x-recordType'?: string };
      expect(Object.keys(component.properties ?? {}).length).toBeGreaterThan(4); // type, id, department, signature + the record's own
      types.add(String(component['x-recordType']));
    }
    expect([...types].sort()).toEqual([...route.types].sort());
  }
});

test('a valid unsigned record (the e-seal path) matches its route body; a record with an unknown field does not', () => {
  const ajv = new Ajv2020({ strict: false });
  ajv.addVocabulary([...SCHEMA_ANNOTATIONS].filter((k) => k !== 'x-recordType'));
  ajv.addSchema({ $id: 'doc', components: document.components } as Json);
  const body = (document.paths['/api/v1/credit/repairs']?.post as { requestBody: { content: { 'application/json': { schema: Json } } } }).requestBody.content['application/json'].schema;
  const check = ajv.compile(JSON.parse(JSON.stringify(body).replace(/"#\/components/g, '"doc#/components')) as Json);
  const record = { type: 'credit.repair.decide', id: 'rd-1', department: 'sh-samr', repairId: 'rp-1', decision: 'approved', reason: '符合条件' };
  expect(check({ record })).toBe(true);
  expect(check({ record: { ...record, decision: 'maybe' } })).toBe(false);
  expect(check({ record: { ...record, colour: 'red' } })).toBe(false);
});

test('the schema index names, for each record type, a write route that accepts it', () => {
  for (const [type, info] of Object.entries(RECORD_TYPE_INFO)) {
    expect(WRITE_TARGETS[type]).toBeDefined();
    if (info.route === '') continue; // sharing.access: signed and submitted by the gateway itself
    const route = WRITE_ROUTES.find((r) => r.path === info.route);
    expect({ type, accepted: route?.types.includes(type) ?? false }).toEqual({ type, accepted: true });
  }
  expect(Object.values(RECORD_SCHEMAS).length).toBeGreaterThanOrEqual(Object.keys(WRITE_TARGETS).length);
});

test('the import operations are documented', () => {
  expect(document.paths['/api/v1/import/preview']?.post).toBeDefined();
  expect(document.paths['/api/v1/import/submit']?.post).toBeDefined();
  expect(openApiDocument()).toEqual(document);
});
