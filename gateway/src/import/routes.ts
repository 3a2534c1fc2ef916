/**
 * Bulk import (issue 16): `POST /api/v1/import/preview` and `POST /api/v1/import/submit`.
 *
 *  - preview: a CSV or .xlsx upload (raw body, `Content-Type: text/csv` or the .xlsx media type) with `?type=` and an
 *    optional `?mapping=` (JSON: column header → field path; default: headers that are field paths or field labels)
 *    → every bad cell (row, column, field, reason, allowed values) and the unsigned records of the good rows.
 *    Nothing is written.
 *  - submit, e-seal departments: the same upload; the gateway signs each good row with the department's e-seal key
 *    and submits it. Bad rows are reported and never submitted.
 *  - submit, browser-key departments: `application/json` `{ "rows": [{ "row": 2, "record": {…signed…} }, …] }` — the
 *    records from the preview, each signed in the browser (the private key never leaves it); send them in chunks
 *    under the JSON body limit (e.g. 100 rows per request) and drive a progress bar from the answers.
 *  Every answer lists one result per row (`committed` with id, txId, blockNumber; `refused` with the chaincode's
 *  code and reason; `invalid` with its cell issues); `?format=csv` (or `Accept: text/csv`) returns them as CSV.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { RECORD_SCHEMAS } from '@dtl/chaincode/schemas';
import type { JsonValue } from '@dtl/chaincode/crypto';
import type { Keystore } from '../keystore/keystore';
import type { Ledger } from '../ledger/ledger';
import { principalOf } from '../http/auth';
import { ApiError } from '../http/errors';
import { parseWith } from '../http/validate';
import { buildRows, MappingError, resolveMapping, type BuiltRow, type CellIssue } from './rows';
import { resultsCsv } from './results-csv';
import { submitRows, type RowResult } from './submit';
import { readTable, TableError, TABLE_MEDIA_TYPES } from './table';

export interface ImportDeps {
  readonly ledger: Ledger;
  readonly keystore: Keystore;
  readonly requireAuth: RequestHandler;
}

/** Upload limit of a CSV / .xlsx file (10,000 credit entries are ~2.5 MB of CSV). */
export const IMPORT_BODY_LIMIT = '32mb';

/** Record types the bulk import accepts (not the registry, not gateway-signed access records). */
export const IMPORTABLE_TYPES: readonly string[] = [...new Set(Object.values(RECORD_SCHEMAS).filter((e) => e.importable).map((e) => e.recordType))];

const Query = z
  .object({
    type: z.string().max(64).optional(),
    mapping: z.string().max(16_384).optional(),
    sheet: z.string().max(128).optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

const SignedRows = z
  .object({
    rows: z.array(z.object({ row: z.number().int().min(1).max(1_000_000), record: z.record(z.unknown()) }).strict()).min(1).max(1000),
  })
  .strict();

function recordTypeOf(type: string | undefined): string {
  if (type === undefined || !IMPORTABLE_TYPES.includes(type)) {
    throw new ApiError(400, 'INVALID_ARGUMENT', `query.type: must be one of ${IMPORTABLE_TYPES.join(', ')}`, [{ field: 'query.type', message: type === undefined ? 'Required' : 'not an importable record type', allowed: IMPORTABLE_TYPES }]);
  }
  return type;
}

function mappingOf(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined || text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'INVALID_ARGUMENT', 'query.mapping: must be JSON: {"column header": "field.path"}', [{ field: 'query.mapping', message: 'not JSON' }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new ApiError(400, 'INVALID_ARGUMENT', 'query.mapping: must be an object of column header → field path strings', [{ field: 'query.mapping', message: 'not an object of strings' }]);
  }
  return value as Record<string, string>;
}

function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const TABLE_TYPES: readonly string[] = [...TABLE_MEDIA_TYPES.csv, ...TABLE_MEDIA_TYPES.xlsx, 'application/octet-stream'];

async function built(req: Request, department: string): Promise<{ type: string; columns: readonly string[]; mapping: Record<string, string>; unmapped: string[]; rows: BuiltRow[] }> {
  const query = parseWith(Query, req.query, 'query');
  const type = recordTypeOf(query.type);
  if (!TABLE_TYPES.includes(mediaTypeOf(req)) || !Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw new ApiError(400, 'INVALID_ARGUMENT', `body: send the file as the request body with Content-Type text/csv or ${TABLE_MEDIA_TYPES.xlsx[0]}`, [{ field: 'body', message: 'a CSV or .xlsx file is required', allowed: TABLE_TYPES }]);
  }
  try {
    const table = await readTable(req.body, mediaTypeOf(req), query.sheet);
    const { mapping, unmapped } = resolveMapping(type, table.columns, mappingOf(query.mapping));
    if (Object.keys(mapping).length === 0) throw new MappingError(`no column of the file maps to a field of ${type}; name the columns by field path or label, or pass ?mapping=`, []);
    return { type, columns: table.columns, mapping: { ...mapping }, unmapped, rows: buildRows(table, { recordType: type, department, mapping }) };
  } catch (error) {
    if (error instanceof TableError) throw new ApiError(400, 'INVALID_ARGUMENT', `body: ${error.message}`, [{ field: 'body', message: error.message }]);
    if (error instanceof MappingError) throw new ApiError(400, 'INVALID_ARGUMENT', error.message, [{ field: 'query.mapping', message: error.message, ...(error.allowed.length > 0 ? { allowed: error.allowed } : {}) }]);
    throw error;
  }
}

function issuesOf(rows: readonly BuiltRow[]): CellIssue[] {
  return rows.flatMap((row) => row.issues);
}

function invalidResult(row: BuiltRow): RowResult {
  return {
    row: row.row,
    status: 'invalid',
    ...(typeof row.record?.id === 'string' ? { id: row.record.id } : {}),
    code: 'INVALID_ARGUMENT',
    message: row.issues.map((i) => `${i.column ?? i.field}: ${i.reason}${i.allowed ? ` (allowed: ${i.allowed.join(', ')})` : ''}`).join('; '),
  };
}

function wantsCsv(req: Request): boolean {
  return req.query.format === 'csv' || (req.headers.accept ?? '').includes('text/csv');
}

function answer(req: Request, res: Response, type: string, results: RowResult[], extra: Record<string, unknown> = {}): void {
  const counts = { rows: results.length, committed: results.filter((r) => r.status === 'committed').length, refused: results.filter((r) => r.status === 'refused').length, invalid: results.filter((r) => r.status === 'invalid').length };
  if (wantsCsv(req)) {
    res.status(200).type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="import-${type}-results.csv"`);
    res.send(resultsCsv(results));
    return;
  }
  res.status(200).json({ type, ...counts, ...extra, results });
}

export function importRouter(deps: ImportDeps): Router {
  const router = Router();
  const raw = express.raw({ type: TABLE_TYPES as string[], limit: IMPORT_BODY_LIMIT });

  router.post('/preview', deps.requireAuth, raw, async (req, res) => {
    const principal = principalOf(res.locals).department;
    const { type, columns, mapping, unmapped, rows } = await built(req, principal.id);
    const good = rows.filter((r) => r.issues.length === 0 && r.record !== undefined);
    res.json({
      type,
      department: principal.id,
      eSeal: deps.keystore.keyFor(principal.id)?.keyId ?? null,
      columns,
      mapping,
      unmapped,
      rows: rows.length,
      valid: good.length,
      invalid: rows.length - good.length,
      issues: issuesOf(rows),
      records: good.map((r) => ({ row: r.row, record: r.record })),
    });
  });

  router.post('/submit', deps.requireAuth, raw, async (req, res) => {
    const principal = principalOf(res.locals).department;
    if (mediaTypeOf(req) === 'application/json') {
      parseWith(Query.pick({ format: true }), req.query, 'query');
      const body = parseWith(SignedRows, req.body, 'body');
      const types = new Set(body.rows.map((r) => String(r.record.type)));
      const results = await submitRows(deps, principal, body.rows.map((r) => ({ row: r.row, record: r.record as { [key: string]: JsonValue } })));
      answer(req, res, types.size === 1 ? [...types][0] ?? 'records' : 'records', results);
      return;
    }
    const { type, rows } = await built(req, principal.id);
    const good = rows.filter((r) => r.issues.length === 0 && r.record !== undefined);
    const submitted = await submitRows(deps, principal, good.map((r) => ({ row: r.row, record: r.record as { [key: string]: JsonValue } })));
    const byRow = new Map(submitted.map((r) => [r.row, r]));
    const results = rows.map((row) => byRow.get(row.row) ?? invalidResult(row));
    answer(req, res, type, results, { issues: issuesOf(rows) });
  });

  return router;
}
