/**
 * The index of record schemas: one JSON Schema (draft 2020-12) per record type — one per variant where a field
 * selects different fields (black / red list entries, each trace event kind, approve / reject …) — with the roles
 * that may sign it and the gateway route that accepts it. The single source for the workbench's forms, the OpenAPI
 * request bodies, docs/record-types.md, the validators' error hints and the bulk import.
 *
 * Pure data: imports only the domain's constant tables, so a browser bundle can import it.
 */
import { CREDIT_SCHEMAS } from './credit/schemas';
import { DEPARTMENT_SCHEMAS } from './department/schemas';
import { ROLES, type Role } from './department/types';
import { LICENCE_SCHEMAS } from './licence/schemas';
import type { FieldSchema, RecordSchema } from './schema-kit';
import { SHARING_SCHEMAS } from './sharing/schemas';
import { TENDER_SCHEMAS } from './tender/schemas';
import { TRACE_SCHEMAS } from './trace/schemas';

export * from './schema-kit';

export type RecordFamily = 'credit' | 'licence' | 'trace' | 'tender' | 'sharing' | 'department';

export interface RecordSchemaEntry {
  /** `credit.entry:black`, `trace.event:planting`, `licence.issue` … (record type, and variant after a colon). */
  readonly key: string;
  /** The record's `type` field. */
  readonly recordType: string;
  /** The variant's value of the discriminator field, when the type has variants. */
  readonly variant?: string;
  /** The field that selects the variant (`list`, `kind`, `decision`, `action`). */
  readonly discriminator?: string;
  readonly family: RecordFamily;
  readonly schema: RecordSchema;
  /** The signing department must hold one of these roles (the contract's rule). */
  readonly roles: readonly Role[];
  /** The gateway route (under /api/v1) that accepts it; every type is also accepted at /records. Empty: written by the gateway itself (sharing.access). */
  readonly route: string;
  /** Whether the bulk import accepts it (the registry and gateway-signed access records are not imported). */
  readonly importable: boolean;
}

interface TypeInfo {
  readonly family: RecordFamily;
  readonly roles: readonly Role[];
  readonly route: string;
  readonly importable?: false;
}

const ANY_ROLE: readonly Role[] = ROLES;

/** Who signs each record type and where the gateway accepts it (contracts' RecordSpec roles, gateway WRITE_ROUTES). */
export const RECORD_TYPE_INFO: Readonly<Record<string, TypeInfo>> = {
  'credit.entry': { family: 'credit', roles: ['credit-issuer'], route: '/credit/entries' },
  'credit.objection': { family: 'credit', roles: ['credit-issuer', 'regulator'], route: '/credit/objections' },
  'credit.objection.review': { family: 'credit', roles: ['credit-issuer'], route: '/credit/objections' },
  'credit.correction': { family: 'credit', roles: ['credit-issuer'], route: '/credit/corrections' },
  'credit.repair.apply': { family: 'credit', roles: ['credit-issuer', 'regulator'], route: '/credit/repairs' },
  'credit.repair.decide': { family: 'credit', roles: ['credit-issuer'], route: '/credit/repairs' },
  'licence.issue': { family: 'licence', roles: ['licence-issuer'], route: '/licences' },
  'licence.suspend': { family: 'licence', roles: ['licence-issuer', 'regulator'], route: '/licences' },
  'licence.reinstate': { family: 'licence', roles: ['licence-issuer', 'regulator'], route: '/licences' },
  'licence.revoke': { family: 'licence', roles: ['licence-issuer', 'regulator'], route: '/licences' },
  'licence.renew': { family: 'licence', roles: ['licence-issuer', 'regulator'], route: '/licences' },
  'trace.batch.register': { family: 'trace', roles: ['trace-actor'], route: '/batches' },
  'trace.event': { family: 'trace', roles: ['trace-actor', 'regulator', 'laboratory'], route: '/batches/:batchId/events' },
  'trace.derivation': { family: 'trace', roles: ['trace-actor'], route: '/batches' },
  'trace.recall': { family: 'trace', roles: ['regulator'], route: '/recalls' },
  'tender.publish': { family: 'tender', roles: ['trading-centre'], route: '/tenders' },
  'tender.expert.profile': { family: 'tender', roles: ['expert'], route: '/experts' },
  'tender.bid.commit': { family: 'tender', roles: ['trading-centre'], route: '/tenders/:tenderId/bids' },
  'tender.bid.reveal': { family: 'tender', roles: ['trading-centre'], route: '/tenders/:tenderId/reveals' },
  'tender.draw': { family: 'tender', roles: ['trading-centre'], route: '/tenders/:tenderId/draw' },
  'tender.score': { family: 'tender', roles: ['expert'], route: '/tenders/:tenderId/scores' },
  'tender.evaluate': { family: 'tender', roles: ['trading-centre'], route: '/tenders/:tenderId/evaluation' },
  'tender.award': { family: 'tender', roles: ANY_ROLE, route: '/tenders/:tenderId/award' },
  'sharing.catalogue': { family: 'sharing', roles: ['data-sharing-officer'], route: '/sharing/catalogue' },
  'sharing.request': { family: 'sharing', roles: ['data-sharing-officer'], route: '/sharing/requests' },
  'sharing.grant': { family: 'sharing', roles: ['data-sharing-officer'], route: '/sharing/grants' },
  'sharing.grant.revoke': { family: 'sharing', roles: ['data-sharing-officer'], route: '/sharing/grants' },
  'sharing.access': { family: 'sharing', roles: ['gateway'], route: '', importable: false },
  'department.register': { family: 'department', roles: ['gateway'], route: '/departments', importable: false },
  'department.update': { family: 'department', roles: ANY_ROLE, route: '/departments', importable: false },
  'department.key.rotate': { family: 'department', roles: ANY_ROLE, route: '/departments/:departmentId/keys', importable: false },
  'department.key.revoke': { family: 'department', roles: ANY_ROLE, route: '/departments/:departmentId/keys', importable: false },
};

function entryOf(schema: RecordSchema): RecordSchemaEntry {
  const recordType = schema['x-recordType'];
  const info = RECORD_TYPE_INFO[recordType];
  if (info === undefined) throw new Error(`schemas: no type info for ${recordType}`);
  const variant = schema['x-variant'];
  const discriminator = schema['x-discriminator'];
  return {
    key: schema.title,
    recordType,
    ...(variant === undefined ? {} : { variant }),
    ...(discriminator === undefined ? {} : { discriminator }),
    family: info.family,
    schema,
    roles: info.roles,
    route: info.route,
    importable: info.importable ?? true,
  };
}

const ALL: readonly RecordSchema[] = [...DEPARTMENT_SCHEMAS, ...CREDIT_SCHEMAS, ...LICENCE_SCHEMAS, ...TRACE_SCHEMAS, ...TENDER_SCHEMAS, ...SHARING_SCHEMAS];

/** Every record schema, keyed by `recordType` or `recordType:variant`. */
export const RECORD_SCHEMAS: Readonly<Record<string, RecordSchemaEntry>> = Object.fromEntries(ALL.map((schema) => [schema.title, entryOf(schema)]));

/** Every record type that has a schema (the record's `type` values). */
export const RECORD_TYPES: readonly string[] = Object.keys(RECORD_TYPE_INFO);

/** The schemas (one, or one per variant) of a record type. */
export function schemasOfType(recordType: string): readonly RecordSchemaEntry[] {
  return Object.values(RECORD_SCHEMAS).filter((entry) => entry.recordType === recordType);
}

/**
 * The schema a record is checked against: its type's only schema, or the variant its discriminator field names.
 * Undefined when the type is unknown or the discriminator names no variant.
 */
export function schemaForRecord(record: { readonly [field: string]: unknown }): RecordSchemaEntry | undefined {
  const entries = schemasOfType(String(record.type ?? ''));
  const first = entries[0];
  if (first === undefined) return undefined;
  if (first.discriminator === undefined) return first;
  const value = record[first.discriminator];
  return entries.find((entry) => entry.variant === value);
}

/** The schemas of the roles a department holds: the forms its workbench shows. */
export function schemasForRoles(roles: readonly string[]): readonly RecordSchemaEntry[] {
  return Object.values(RECORD_SCHEMAS).filter((entry) => entry.roles.some((role) => roles.includes(role)));
}

/** The schema node at a dotted field path (`subject.creditCode`, `outputs[0].producer.name`), if the schema has one. */
export function fieldSchemaAt(schema: FieldSchema, path: string): FieldSchema | undefined {
  let node: FieldSchema | undefined = schema;
  for (const part of path.split('.').flatMap((p) => p.split(/\[\d*\]/).map((s, i) => (i === 0 ? s : '[]')))) {
    if (node === undefined) return undefined;
    if (part === '') continue;
    if (part === '[]') {
      node = node.items;
      continue;
    }
    node = propertiesOf(node)[part];
  }
  return node;
}

/** The properties an object node allows (for a oneOf of objects, those of every branch). */
export function propertiesOf(node: FieldSchema): Readonly<Record<string, FieldSchema>> {
  if (node.properties !== undefined) return node.properties;
  if (node.oneOf !== undefined) return Object.assign({}, ...node.oneOf.map((branch) => branch.properties ?? {})) as Record<string, FieldSchema>;
  return {};
}
