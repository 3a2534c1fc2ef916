/**
 * /api/v1/public/…: what the public pages read, with no login and the public rate limit (issue 17). HTTP ↔ DTO only:
 * query validation (a 400 naming the field and the allowed values), then the disclosure services in src/public/, which
 * ask the one visibility module what an anonymous caller may see.
 *
 *   GET /public/credit/search?q=                  subjects by part of the name or the unified social credit code
 *   GET /public/credit/lists?list&category&province&city&status&from&to   the black and red lists
 *   GET /public/credit/subjects/:subject          a subject's disclosed entries, repair history and proofs
 *   GET /public/credit/announcements[.atom]       listings and removals (JSON, or an Atom feed)
 *   GET /public/tenders?stage&category&province   tender notices
 *   GET /public/tenders/:tenderId                 notice, candidates (evaluated), result and committee (awarded)
 *   GET /public/tenders/:tenderId/evidence        the evidence package once awarded (recompute it in the browser)
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { CREDIT_CATEGORIES, CREDIT_LISTS, PROVINCES, tender as tenderRules } from '@dtl/chaincode';
import type { Ledger } from '../ledger/ledger';
import type { ReadModel } from '../read-model';
import { CursorError } from '../read-model/queries';
import { buildTenderEvidence } from '../evidence/tender-evidence';
import { CreditDisclosure, PUBLIC_STATUSES } from '../public/credit-disclosure';
import { TenderPublication } from '../public/tender-publication';
import { announcementsFeed } from '../public/atom';
import { labelFacts } from '../public/label-facts';
import { unlessNotFound } from '../public/absent';
import { creditReportPdf } from '../public/pdf/credit-report';
import { labelSheetPdf } from '../public/pdf/label-sheet';
import { publicBaseFor, traceAddress } from '../public/public-url';
import type { Visibility } from '../visibility/visibility';
import { evaluateJson, type DepartmentDirectory } from './directory';
import { PUBLIC_TRACE, QR_PAYLOAD } from './capabilities';
import { ApiError, notFound } from './errors';
import { publicLimiter } from './rate-limits';
import { parseWith } from './validate';

export interface PublicRouteDeps {
  readonly ledger: Ledger;
  readonly readModel: ReadModel | undefined;
  readonly directory: DepartmentDirectory;
  readonly visibility: Visibility;
  readonly publicRateLimitPerMinute: number;
  /** DTL_PUBLIC_URL (undefined: derived from each request). */
  readonly publicUrl: string | undefined;
}

const oneOf = (values: readonly string[]): z.ZodType<string | undefined> =>
  z.enum(values as unknown as [string, ...string[]], { errorMap: () => ({ message: `must be one of ${values.join(', ')}` }) }).optional();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$/, 'must be an ISO-8601 date, e.g. 2025-01-31').optional();
const Limit = z.coerce.number().int().min(1, 'must be 1-100').max(100, 'must be 1-100').default(20);
const Cursor = z.string().min(1).max(512).optional();

const SearchQuery = z.object({ q: z.string().trim().min(2, 'at least 2 characters (part of a name, or an 18-character credit code)').max(64, 'at most 64 characters').regex(/^[^%_\\]+$/, 'must not contain %, _ or \\'), limit: Limit }).strict();
const ListQuery = z
  .object({ list: oneOf(CREDIT_LISTS), category: oneOf(CREDIT_CATEGORIES), province: oneOf(PROVINCES), city: z.string().min(1).max(64).optional(), status: oneOf(PUBLIC_STATUSES), from: Day, to: Day, limit: Limit, cursor: Cursor })
  .strict();
const SubjectParams = z.object({ subject: z.string().min(1).max(200).regex(/^(person:[0-9a-f]{64}|[0-9A-Z]{18})$/, 'must be an 18-character unified social credit code or person:<digest>') }).strict();
const AnnouncementQuery = z.object({ limit: Limit }).strict();
const TENDER_STAGES = ['published', 'bidding', 'revealing', 'experts-drawn', 'evaluated', 'awarded'] as const;
const TenderListQuery = z.object({ stage: oneOf(TENDER_STAGES), category: oneOf(tenderRules.TENDER_CATEGORIES), province: oneOf(PROVINCES), limit: Limit, cursor: Cursor }).strict();
const TenderParams = z.object({ tenderId: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:#-]+$/, 'must be 1-128 characters of [A-Za-z0-9._:#-]') }).strict();
const NoQuery = z.object({}).strict();
const BatchParams = z.object({ batchId: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:#-]+$/, 'must be 1-128 characters of [A-Za-z0-9._:#-]') }).strict();

/** The batch's QR payload from the trace contract; undefined when the batch is not on the ledger. */
export async function qrPayloadOf(ledger: Ledger, batchId: string): Promise<string | undefined> {
  const payload = await unlessNotFound(evaluateJson<unknown>(ledger, QR_PAYLOAD.contract, QR_PAYLOAD.transaction, [batchId]));
  if (payload === undefined) return undefined;
  const text = typeof payload === 'string' ? payload : String((payload as { payload?: unknown } | null)?.payload ?? '');
  return text === '' ? undefined : text;
}

function definedOnly(values: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
}

function readModelMissing(error: unknown): never {
  // As the read model's own routes: without one, lists and search are not served (404, not a server error).
  if (error instanceof Error && error.message === 'READ_MODEL_OFF') throw new ApiError(404, 'NOT_FOUND', 'public lists and search are served from the read model, which is off here (DTL_READ_MODEL=off)');
  if (error instanceof CursorError) throw new ApiError(400, 'INVALID_ARGUMENT', `query.cursor: ${error.message}`, [{ field: 'query.cursor', message: error.message }]);
  throw error;
}

export function publicRouter(deps: PublicRouteDeps): Router {
  const router = Router();
  const credit = new CreditDisclosure(deps.ledger, deps.readModel, deps.directory, deps.visibility);
  const tenders = new TenderPublication(deps.ledger, deps.readModel, deps.visibility);
  const limit = publicLimiter(deps.publicRateLimitPerMinute);
  router.use(limit);
  const base = (req: Request): string => publicBaseFor(deps.publicUrl, { protocol: req.protocol, host: req.get('host') });
  // Public answers are a function of committed state: reused while neither the chain nor the index moved (and for at
  // most 10 s, so "expired" turns up within seconds of a validity's end), as the trace view is. A page opened by many
  // phones at once costs one computation.
  const answers = new Map<string, { height: number; indexHeight: number; at: number; body: string }>();
  async function answer(req: Request, res: Response, compute: () => Promise<unknown>): Promise<void> {
    const key = `${req.get('host') ?? ''}${req.originalUrl}`;
    const height = await deps.ledger.height();
    const indexHeight = deps.readModel?.indexer.height ?? 0;
    const hit = answers.get(key);
    if (hit !== undefined && hit.height === height && hit.indexHeight === indexHeight && Date.now() - hit.at < 10_000) {
      res.type('application/json').send(hit.body);
      return;
    }
    const body = JSON.stringify(await compute());
    if (answers.size > 2000) answers.clear();
    answers.set(key, { height, indexHeight, at: Date.now(), body });
    res.type('application/json').send(body);
  }

  router.get('/credit/search', async (req, res) => {
    const query = parseWith(SearchQuery, req.query, 'query');
    await answer(req, res, () => credit.search(query.q, query.limit).catch(readModelMissing));
  });
  router.get('/credit/lists', async (req, res) => {
    const query = parseWith(ListQuery, req.query, 'query');
    await answer(req, res, () => credit.list({ ...query, status: query.status as (typeof PUBLIC_STATUSES)[number] | undefined }).catch(readModelMissing));
  });
  router.get('/credit/subjects/:subject', async (req, res) => {
    const { subject } = parseWith(SubjectParams, req.params, 'params');
    parseWith(NoQuery, req.query, 'query');
    await answer(req, res, async () => {
      const page = await credit.subject(subject);
      if (page === undefined) throw notFound(`disclosed credit entries of ${subject}`);
      return { ...page, onlineCheck: `${base(req)}/credit/${encodeURIComponent(subject)}` };
    });
  });
  router.get('/credit/subjects/:subject/report.pdf', async (req, res) => {
    const { subject } = parseWith(SubjectParams, req.params, 'params');
    parseWith(NoQuery, req.query, 'query');
    const page = await credit.subject(subject);
    if (page === undefined) throw notFound(`disclosed credit entries of ${subject}`);
    const pdf = await creditReportPdf(page, `${base(req)}/credit/${encodeURIComponent(subject)}`, new Date());
    res.type('application/pdf').setHeader('content-disposition', `attachment; filename="credit-report-${subject.replace(/[^A-Za-z0-9]/g, '')}.pdf"`);
    res.send(Buffer.from(pdf));
  });
  router.get('/credit/announcements', async (req, res) => {
    const query = parseWith(AnnouncementQuery, req.query, 'query');
    await answer(req, res, () => credit.announcements(query.limit).catch(readModelMissing));
  });
  router.get('/credit/announcements.atom', async (req, res) => {
    const query = parseWith(AnnouncementQuery, req.query, 'query');
    const { items } = await credit.announcements(query.limit).catch(readModelMissing);
    res.type('application/atom+xml').send(announcementsFeed(items, base(req), items[0]?.at ?? new Date(0).toISOString()));
  });

  router.get('/tenders', async (req, res) => {
    const { limit: count, cursor, ...filters } = parseWith(TenderListQuery, req.query, 'query');
    await answer(req, res, () => tenders.list(definedOnly(filters), count, cursor).catch(readModelMissing));
  });
  router.get('/tenders/:tenderId', async (req, res) => {
    const { tenderId } = parseWith(TenderParams, req.params, 'params');
    parseWith(NoQuery, req.query, 'query');
    await answer(req, res, async () => {
      const announcement = await tenders.announcement(tenderId);
      if (announcement === undefined) throw notFound(`tender ${tenderId}`);
      return announcement;
    });
  });
  router.get('/tenders/:tenderId/evidence', async (req, res) => {
    const { tenderId } = parseWith(TenderParams, req.params, 'params');
    parseWith(NoQuery, req.query, 'query');
    const announcement = await tenders.announcement(tenderId);
    if (announcement === undefined) throw notFound(`tender ${tenderId}`);
    if (announcement.phase !== 'result') throw new ApiError(409, 'NOT_AWARDED', `tender ${tenderId}: the evidence package is published with the result (phase now: ${announcement.phase})`, [{ field: 'params.tenderId', message: 'not awarded yet' }]);
    res.json(await buildTenderEvidence(deps.ledger, tenderId, (keyId) => deps.directory.publicKeyOf(keyId)));
  });

  // The address a batch's QR code holds (the audit explorer's batch page prints the same code).
  router.get('/batches/:batchId/address', async (req, res) => {
    const { batchId } = parseWith(BatchParams, req.params, 'params');
    parseWith(NoQuery, req.query, 'query');
    const qr = await qrPayloadOf(deps.ledger, batchId);
    if (qr === undefined) throw notFound(`batch ${batchId}`);
    res.json({ batchId, qr, address: traceAddress(base(req), qr) });
  });

  router.get('/batches/:batchId/labels.pdf', async (req, res) => {
    const { batchId } = parseWith(BatchParams, req.params, 'params');
    parseWith(NoQuery, req.query, 'query');
    const qr = await qrPayloadOf(deps.ledger, batchId);
    if (qr === undefined) throw notFound(`batch ${batchId}`);
    const view = await evaluateJson<Record<string, unknown>>(deps.ledger, PUBLIC_TRACE.contract, PUBLIC_TRACE.transaction, [qr]);
    const facts = await labelFacts(view, batchId, qr, traceAddress(base(req), qr), deps.directory);
    if (facts === undefined) throw notFound(`the record that created batch ${batchId}`);
    res.type('application/pdf').setHeader('content-disposition', `inline; filename="labels-${batchId.replace(/[^A-Za-z0-9.-]/g, '')}.pdf"`);
    res.send(Buffer.from(await labelSheetPdf(facts)));
  });

  router.use((req, _res, next) => next(new ApiError(404, 'NOT_FOUND', `no route ${req.method} /api/v1/public${req.path}`)));
  return router;
}

/** The OpenAPI paths of the public routes (merged into the gateway's document; the leak suite walks them). */
export function publicOpenApiPaths(): Record<string, Record<string, unknown>> {
  const error = { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const q = (name: string, schema: Record<string, unknown>, required = false): Record<string, unknown> => ({ name, in: 'query', required, schema });
  const p = (name: string): Record<string, unknown> => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  const limit = q('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 });
  const op = (summary: string, parameters: unknown[], ok: string, statuses: number[] = [400, 429]): Record<string, unknown> => ({
    get: { tags: ['public'], summary: `${summary} (no login, rate-limited)`, parameters, responses: { '200': { description: ok }, ...Object.fromEntries(statuses.map((s) => [String(s), error])) } },
  });
  return {
    '/api/v1/public/credit/search': op('Credit subjects by part of the Chinese name or by unified social credit code (disclosed entries only)', [q('q', { type: 'string', minLength: 2, maxLength: 64 }, true), limit], '{ items: [{ subject, subjectKind, name, lists, provinces }] }'),
    '/api/v1/public/credit/lists': op('The black and red lists: disclosed entries with their public status', [q('list', { enum: CREDIT_LISTS }), q('category', { enum: CREDIT_CATEGORIES }), q('province', { enum: PROVINCES }), q('city', { type: 'string' }), q('status', { enum: PUBLIC_STATUSES }), q('from', { type: 'string', format: 'date' }), q('to', { type: 'string', format: 'date' }), limit, q('cursor', { type: 'string' })], '{ items, nextCursor }'),
    '/api/v1/public/credit/subjects/{subject}': op("A subject's disclosed entries: legal basis, decision number, measures, validity, issuer, repair history, each with its proof (dtl verify --trust)", [p('subject')], 'subject page', [400, 404, 429]),
    '/api/v1/public/credit/announcements': op('Announcements of listings and removals, newest first', [limit], '{ items: [{ kind: listed|removed, at, entryId, subject, subjectName, issuer }] }'),
    '/api/v1/public/credit/announcements.atom': op('The announcements as an Atom feed', [limit], 'application/atom+xml'),
    '/api/v1/public/tenders': op('Tender notices', [q('stage', { enum: TENDER_STAGES }), q('category', { enum: tenderRules.TENDER_CATEGORIES }), q('province', { enum: PROVINCES }), limit, q('cursor', { type: 'string' })], '{ items, nextCursor }'),
    '/api/v1/public/tenders/{tenderId}': op("A tender's announcement: notice, candidate publicity once evaluated, result with the expert committee once awarded", [p('tenderId')], 'announcement', [400, 404, 429]),
    '/api/v1/public/batches/{batchId}/address': op("The https address a batch's QR code holds (DTL_PUBLIC_URL/trace/<batchId>?c=<checkCode>)", [p('batchId')], '{ batchId, qr, address }', [400, 404, 429]),
    '/api/v1/public/credit/subjects/{subject}/report.pdf': op('The credit report as PDF (Chinese, embedded Noto Sans SC subset): a QR to its online check, record ids and block hashes printed, the proofs attached as proofs.json', [p('subject')], 'application/pdf', [400, 404, 429]),
    '/api/v1/public/batches/{batchId}/labels.pdf': op('A printable label sheet (A4, 8 labels): product, quantity, date, producer and contact, the QR code with the public trace address, the trace code', [p('batchId')], 'application/pdf', [400, 404, 429]),
    '/api/v1/public/tenders/{tenderId}/evidence': op("A tender's evidence package once awarded (recompute: chaincode/src/domain/tender/replay.ts, dtl tender replay)", [p('tenderId')], 'evidence package', [400, 404, 409, 429]),
  };
}
