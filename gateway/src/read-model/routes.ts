/**
 * /api/v1/index/…: lists, search, audit aggregates and the overview, answered from the read model. HTTP ↔ query
 * only: filters are validated against LISTS (unknown or bad values are a 400 naming the field and the allowed values),
 * every answer goes through visibility.ts and says the index height it was computed at. Listing another province's
 * protected rows writes the access records for that page first (AccessRecorder, as the by-id reads do).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { PROVINCES, type Department } from '@dtl/chaincode';
import { AccessRecorder, GRANT_HEADER, PURPOSE_HEADER } from '../http/access';
import { decodePurpose } from '../http/api';
import { principalOf } from '../http/auth';
import { ApiError } from '../http/errors';
import { parseWith } from '../http/validate';
import type { ReadModel } from './index';
import { LISTS, NAME_KINDS, type ListSpec } from './lists';
import { CursorError, type Page, type Row } from './queries';
import { PROTECTED_FAMILIES, callerOf, scopeFor } from './visibility';

export interface ReadModelRouteDeps {
  readonly readModel: ReadModel;
  readonly access: AccessRecorder;
  readonly requireAuth: RequestHandler;
}

const Province = z.enum(PROVINCES as unknown as [string, ...string[]]);
const Instant = z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$/, 'must be an ISO-8601 date or instant, e.g. 2025-01-31 or 2025-01-31T00:00:00Z');
const Paging = { order: z.enum(['newest', 'oldest']).default('newest'), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().min(1).max(512).optional() };

function filterSchema(spec: ListSpec): z.ZodType<Record<string, string | number | undefined>> {
  const shape: Record<string, z.ZodTypeAny> = { ...Paging };
  for (const [name, filter] of Object.entries(spec.filters)) {
    if (filter.values !== undefined) shape[name] = z.enum(filter.values as unknown as [string, ...string[]], { errorMap: () => ({ message: `must be one of ${filter.values?.join(', ')}` }) }).optional();
    else if (filter.op === 'gte' || filter.op === 'lte') shape[name] = Instant.optional();
    else if (filter.column === 'block_number') shape[name] = z.string().regex(/^\d{1,15}$/, 'must be a block number').optional();
    else shape[name] = z.string().min(1).max(128).optional();
  }
  return z.object(shape).strict() as unknown as z.ZodType<Record<string, string | number | undefined>>;
}

const SearchQuery = z
  .object({
    q: z.string().min(2, 'at least 2 characters').max(64).regex(/^[^%_\\]+$/, 'must not contain %, _ or \\'),
    kind: z.enum(Object.keys(NAME_KINDS) as [string, ...string[]]).optional(),
    province: Province.optional(),
    limit: Paging.limit,
    cursor: Paging.cursor,
  })
  .strict();
const AuditQuery = z.object({ from: Instant.optional(), to: Instant.optional(), readerProvince: Province.optional(), ownerProvince: Province.optional() }).strict();
const NoQuery = z.object({}).strict();

function cursorError(error: unknown): never {
  if (error instanceof CursorError) throw new ApiError(400, 'INVALID_ARGUMENT', `query.cursor: ${error.message}`, [{ field: 'query.cursor', message: error.message }]);
  throw error;
}

export function readModelRouter(deps: ReadModelRouteDeps): Router {
  const { readModel, access, requireAuth } = deps;
  const router = Router();
  const { queries, indexer } = readModel;

  /** Writes the access records for another province's rows on the page (fail closed), as by-id reads do. */
  async function recordCrossRegion(req: Request, res: Response, reader: Department, family: string, owners: Iterable<string>): Promise<void> {
    const grantId = req.header(GRANT_HEADER);
    const outcomes = await access.authorise(reader, owners, { family, purpose: decodePurpose(req.header(PURPOSE_HEADER)), grantId: grantId === undefined || grantId === '' ? undefined : grantId.slice(0, 128) });
    if (outcomes.length > 0) res.setHeader('x-dtl-access-records', outcomes.map((o) => o.accessRecordId).join(','));
  }

  function answer(res: Response, height: number, body: Record<string, unknown>): void {
    res.json({ indexHeight: height, ...body });
  }

  router.get('/status', requireAuth, async (req, res) => {
    parseWith(NoQuery, req.query, 'query');
    const lag = await indexer.lag();
    answer(res, indexer.height, { chainHeight: indexer.height + lag, lag, database: readModel.database.dialect });
  });

  router.get('/overview', requireAuth, async (req, res) => {
    parseWith(NoQuery, req.query, 'query');
    const caller = callerOf(principalOf(res.locals).department);
    const height = indexer.height;
    const overview = await queries.overview(scopeFor(caller, 'access'));
    const lag = await indexer.lag();
    answer(res, height, { chainHeight: height + lag, ...overview });
  });

  for (const spec of LISTS) {
    const schema = filterSchema(spec);
    router.get(`/${spec.path}`, requireAuth, async (req, res) => {
      const reader = principalOf(res.locals).department;
      const caller = callerOf(reader);
      const { order, limit, cursor, ...rest } = parseWith(schema, req.query, 'query');
      const filters = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
      const askedProvince = filters.province;
      const crossRegion = PROTECTED_FAMILIES.has(spec.family) && askedProvince !== undefined && askedProvince !== caller.province ? [askedProvince] : [];
      const height = indexer.height;
      let page: Page;
      try {
        page = await queries.list(spec, { filters, order: order as 'newest' | 'oldest', limit: Number(limit), cursor: cursor === undefined ? undefined : String(cursor) }, scopeFor(caller, spec.family, crossRegion));
      } catch (error) {
        cursorError(error);
      }
      if (crossRegion.length > 0 && spec.departmentColumn !== undefined) {
        const column = spec.departmentColumn.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
        await recordCrossRegion(req, res, reader, spec.family, new Set(page.items.filter((row) => row.province !== caller.province).map((row) => String(row[column]))));
      }
      answer(res, height, { items: page.items, nextCursor: page.nextCursor });
    });
  }

  router.get('/search', requireAuth, async (req, res) => {
    const reader = principalOf(res.locals).department;
    const caller = callerOf(reader);
    const query = parseWith(SearchQuery, req.query, 'query');
    const provinceScope = query.province !== undefined && query.province !== caller.province ? [caller.province, query.province] : [caller.province];
    const height = indexer.height;
    let page: Page;
    try {
      page = await queries.search(query.q, { kinds: query.kind === undefined ? Object.keys(NAME_KINDS) : [query.kind], provinceScope, limit: query.limit, cursor: query.cursor });
    } catch (error) {
      cursorError(error);
    }
    // Protected names of another province on the page: record the reads per family before answering.
    const foreign = page.items.filter((row: Row) => row.province !== caller.province && PROTECTED_FAMILIES.has(NAME_KINDS[String(row.kind)] ?? 'chain'));
    for (const family of new Set(foreign.map((row) => NAME_KINDS[String(row.kind)] ?? 'chain'))) {
      await recordCrossRegion(req, res, reader, family, new Set(foreign.filter((row) => NAME_KINDS[String(row.kind)] === family).map((row) => String(row.owner))));
    }
    answer(res, height, { items: page.items, nextCursor: page.nextCursor });
  });

  router.get('/audit/matrix', requireAuth, async (req, res) => {
    const caller = callerOf(principalOf(res.locals).department);
    const range = parseWith(AuditQuery, req.query, 'query');
    const height = indexer.height;
    answer(res, height, { scope: caller.roles.includes('auditor') ? 'all' : 'own-data', cells: await queries.accessMatrix(range, scopeFor(caller, 'access')) });
  });

  router.get('/audit/timeline', requireAuth, async (req, res) => {
    const caller = callerOf(principalOf(res.locals).department);
    const range = parseWith(AuditQuery, req.query, 'query');
    const height = indexer.height;
    answer(res, height, { scope: caller.roles.includes('auditor') ? 'all' : 'own-data', days: await queries.accessTimeline(range, scopeFor(caller, 'access')) });
  });

  return router;
}

/** The OpenAPI paths of the read-model routes (merged into the gateway's document). */
export function readModelOpenApiPaths(): Record<string, Record<string, unknown>> {
  const bearer = [{ bearer: [] }];
  const error = { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const height = { indexHeight: { type: 'integer', description: 'blocks applied to the index when the answer was computed' } };
  const pageSchema = { type: 'object', properties: { ...height, items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } } };
  const paging = [
    { name: 'order', in: 'query', schema: { enum: ['newest', 'oldest'], default: 'newest' } },
    { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
    { name: 'cursor', in: 'query', description: 'nextCursor of the previous page (keyset pagination)', schema: { type: 'string' } },
  ];
  const crossRegion = [
    { name: 'X-DTL-Purpose', in: 'header', required: false, description: "Required when the page holds another province's protected rows (access records are written)", schema: { type: 'string' } },
    { name: 'X-DTL-Grant', in: 'header', required: false, schema: { type: 'string' } },
  ];
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of LISTS) {
    paths[`/api/v1/index/${spec.path}`] = {
      get: {
        tags: ['index'],
        summary: `${spec.summary} (read model, keyset pages)`,
        security: bearer,
        parameters: [
          ...Object.entries(spec.filters).map(([name, filter]) => ({ name, in: 'query', required: false, description: filter.description, schema: filter.values ? { enum: filter.values } : { type: 'string' } })),
          ...paging,
          ...(PROTECTED_FAMILIES.has(spec.family) ? crossRegion : []),
        ],
        responses: { '200': { description: 'a page', content: { 'application/json': { schema: pageSchema } } }, '400': error, '401': error, '403': error },
      },
    };
  }
  paths['/api/v1/index/search'] = {
    get: {
      tags: ['index'],
      summary: 'Chinese substring search over names: subjects, licence holders, batches, tenders, departments, catalogue (FTS5 trigram / pg_trgm)',
      security: bearer,
      parameters: [
        { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 2, maxLength: 64 } },
        { name: 'kind', in: 'query', schema: { enum: Object.keys(NAME_KINDS) } },
        { name: 'province', in: 'query', description: "another province's protected names (access records are written)", schema: { enum: PROVINCES } },
        paging[1],
        paging[2],
        ...crossRegion,
      ],
      responses: { '200': { description: 'a page of names', content: { 'application/json': { schema: pageSchema } } }, '400': error, '401': error, '403': error },
    },
  };
  const auditParams = ['from', 'to'].map((name) => ({ name, in: 'query', schema: { type: 'string', format: 'date-time' } })).concat(['readerProvince', 'ownerProvince'].map((name) => ({ name, in: 'query', schema: { enum: PROVINCES } as never })));
  paths['/api/v1/index/audit/matrix'] = { get: { tags: ['index'], summary: 'Cross-region reads: reader province × owner province (reads, allowed, refused, with a grant); auditors see all, others reads of their own data', security: bearer, parameters: auditParams, responses: { '200': { description: 'cells' }, '400': error, '401': error } } };
  paths['/api/v1/index/audit/timeline'] = { get: { tags: ['index'], summary: 'Cross-region reads per day (China Standard Time)', security: bearer, parameters: auditParams, responses: { '200': { description: 'days' }, '400': error, '401': error } } };
  paths['/api/v1/index/overview'] = { get: { tags: ['index'], summary: 'Counts per family and the latest blocks, in one request (the explorer overview)', security: bearer, responses: { '200': { description: 'overview' }, '401': error } } };
  paths['/api/v1/index/status'] = { get: { tags: ['index'], summary: 'Index height, chain height and lag', security: bearer, responses: { '200': { description: 'status' }, '401': error } } };
  return paths;
}
