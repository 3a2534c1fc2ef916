/** The /api/v1 router: HTTP <-> DTO (zod), auth, and calls on the Ledger port. No domain rules here. */
import { Router, type Request, type RequestHandler } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Department } from '@dtl/chaincode';
import { CryptoError, bytesToHex, canonicalJson, sm2GenerateKeyPair, utf8Decode, utf8Encode } from '@dtl/chaincode/crypto';
import type { Keystore } from '../keystore/keystore';
import type { Ledger, LedgerIdentity } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';
import { buildTenderEvidence } from '../evidence/tender-evidence';
import { refusalOf } from './refusal';
import { buildProof } from '../proof/build';
import type { Proof } from '../proof/types';
import { AccessRecorder, GRANT_HEADER, PURPOSE_HEADER, ownersOf, type AccessOutcome } from './access';
import { principalOf, type Authenticator } from './auth';
import {
  PUBLIC_LICENCE_VERIFY,
  PUBLIC_TRACE,
  QR_PAYLOAD,
  READ_ROUTES,
  WRITE_ROUTES,
  WRITE_TARGETS,
  type ReadRoute,
  type WriteRoute,
} from './capabilities';
import { Visibility, viewerOf } from '../visibility/visibility';
import { DepartmentDirectory, evaluateJson } from './directory';
import { ApiError, notFound } from './errors';
import { parseWith } from './validate';
import { DEFAULT_RATE_LIMITS, inSequence, publicLimiter, rateLimiters, type RateLimitSettings } from './rate-limits';
import { PlacementCache, submitPlaced } from '../visibility/placement';
import { proofJson } from '../proof/proof-json';
import { sendJsonText } from './json-text';
import { ProtectedContent } from '../visibility/protected-content';
import { isHashOnlyForm } from '../visibility/hash-only';
import { publicBaseFor, traceAddress } from '../public/public-url';

export interface ApiDeps {
  readonly ledger: Ledger;
  readonly keystore: Keystore;
  readonly directory: DepartmentDirectory;
  readonly auth: Authenticator;
  readonly publicRateLimitPerMinute: number;
  /** What each caller may see (the one visibility module, built once per server). */
  readonly visibility: Visibility;
  /** Records cross-region reads (with the per-department budget of ledger-writing reads), shared by every router. */
  readonly access: AccessRecorder;
  /** Login and per-department limits (http/rate-limits.ts); defaults DEFAULT_RATE_LIMITS. */
  readonly rateLimits?: Partial<RateLimitSettings>;
  /** DTL_PUBLIC_URL: QR codes hold an address under it (public/public-url.ts); undefined: derived from the request. */
  readonly publicUrl?: string | undefined;
}

const ID = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:#-]+$/, 'must be 1-128 characters of [A-Za-z0-9._:#-]');
const QUERY_VALUE = z.string().max(256);
const RECORDED_FAMILIES = new Set(['credit', 'licence', 'trace']);

export const SubmitBody = z
  .object({
    record: z
      .object({ type: z.string().min(1).max(64), id: ID, department: ID })
      .passthrough()
      .refine((r) => r.signature === undefined || (typeof r.signature === 'object' && r.signature !== null), { message: 'signature must be an object', path: ['signature'] }),
    /** Personal identifiers for private data (never written to the shared ledger); strings, UTF-8. */
    transient: z.record(z.string().max(4096)).optional(),
  })
  .strict();

const BlockNumber = z.object({ number: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict();
const TxId = z.object({ txId: z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'must be a transaction id') }).strict();
const BlocksQuery = z.object({ from: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
const LicenceVerifyQuery = z.object({ digest: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be an SM3 digest (64 hex characters)') }).strict();
// Route schemas are built once, not per request (building a zod schema costs more than using it).
const DepartmentIdParams = z.object({ departmentId: ID }).strict();
const EmptyBody = z.object({}).strict();
const IdParams = z.record(ID);
const QueryValues = z.record(QUERY_VALUE);
const RecordIdParams = z.object({ recordId: ID }).strict();
const TenderIdParams = z.object({ tenderId: ID }).strict();
const TraceParams = z.object({ batchId: z.string().min(1).max(200) }).strict();
const LicenceNumberParams = z.object({ number: z.string().min(1).max(128) }).strict();
const QrParams = z.object({ batchId: ID, format: z.enum(['png', 'svg']) }).strict();

/** X-DTL-Purpose is UTF-8, percent-encoded (HTTP header values are Latin-1): `encodeURIComponent('执法协查')`. */
export function decodePurpose(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    throw new ApiError(400, 'INVALID_ARGUMENT', 'header.x-dtl-purpose: must be UTF-8, percent-encoded', [{ field: 'header.x-dtl-purpose', message: 'bad percent-encoding' }]);
  }
}

function ledgerFailure(error: unknown): never {
  // A contract or transaction that is not deployed: say so, do not answer 500.
  if (error instanceof LedgerError && /(contract|function|namespace).*(not|does not) exist|not found in contract|unknown contract/i.test(error.message) && error.code === 'CHAINCODE_ERROR') {
    throw new ApiError(501, 'NOT_IMPLEMENTED', error.message);
  }
  throw error;
}

export function apiRouter(deps: ApiDeps): Router {
  const { ledger, keystore, directory, auth } = deps;
  const { visibility, access } = deps;
  // Protected content (issue 12) comes back only through the chaincode's protected contract.
  const protectedContent = new ProtectedContent(ledger, async (id) => (await directory.get(id))?.province);
  // Where each department's records go (issue 12), asked of the chaincode and reused briefly (placement.ts).
  const placements = new PlacementCache(ledger);
  const router = Router();
  const limits = rateLimiters({ ...DEFAULT_RATE_LIMITS, ...deps.rateLimits });
  // Every authenticated route: the token, then the department's own budget (rate-limits.ts).
  const requireAuth = inSequence(auth.required(), limits.departmentLimit);
  const publicLimit = publicLimiter(deps.publicRateLimitPerMinute);
  // The login routes need no token either: per client, failed attempts and successful logins in separate budgets.
  const authLimit = limits.loginLimit;

  async function signerPublicKey(keyId: string): Promise<string | undefined> {
    return directory.publicKeyOf(keyId);
  }

  async function proofFor(stored: { record: Proof['record']; txId: string }): Promise<Proof> {
    const tx = await ledger.transaction(stored.txId);
    if (!tx) throw notFound(`transaction ${stored.txId}`);
    return buildProof(ledger, { record: stored.record, txId: stored.txId, blockNumber: tx.blockNumber, signerPublicKey: await signerPublicKey(stored.record.signature.keyId) });
  }

  // --- the public trace view (public, rate-limited, no login). Registered before every other route of this router:
  // a QR scan is the most frequent request, and Express tries each earlier route's path on it first (no other route
  // of this router matches GET /trace/:batchId).
  // The public trace view is a function of committed state: answers are reused while the chain height is unchanged
  // (and for at most 10 s — the public pages' first view on a phone, issue 17), so a burst of scans of one label costs one evaluation.
  // Requests that miss while an evaluation of the same batch at the same height is running wait for that one
  // (single flight) instead of each starting their own: at 2,000 lookups/s an expiry otherwise set off a burst of
  // identical evaluations, each verifying the batch's signatures on the event loop.
  // A cached answer keeps its bytes and its ETag, so a hit neither copies the text into a Buffer nor hashes it again
  // (Express's send would, on every answer); conditional requests are still answered 304 by send.
  const traceCache = new Map<string, { height: number; at: number; body: Buffer; etag: string | undefined }>();
  const traceInFlight = new Map<string, { height: number; body: Promise<string> }>();
  router.get('/trace/:batchId', publicLimit, async (req, res) => {
    const { batchId } = parseWith(TraceParams, req.params, 'params');
    const height = await ledger.height();
    const cached = traceCache.get(batchId);
    if (cached && cached.height === height && Date.now() - cached.at < 10_000) {
      if (cached.etag !== undefined) res.setHeader('ETag', cached.etag);
      res.type('application/json').send(cached.body);
      return;
    }
    let flight = traceInFlight.get(batchId);
    if (flight === undefined || flight.height !== height) {
      const started = {
        height,
        body: evaluateJson<unknown>(ledger, PUBLIC_TRACE.contract, PUBLIC_TRACE.transaction, [batchId]).then((value) => JSON.stringify(value)),
      };
      flight = started;
      traceInFlight.set(batchId, started);
      const settled = (): void => {
        if (traceInFlight.get(batchId) === started) traceInFlight.delete(batchId);
      };
      started.body.then((body) => {
        settled();
        if (traceCache.size > 5000) traceCache.clear();
        const bytes = Buffer.from(body, 'utf8');
        const etagOf = req.app.get('etag fn') as ((body: Buffer) => string | undefined) | undefined;
        traceCache.set(batchId, { height, at: Date.now(), body: bytes, etag: typeof etagOf === 'function' ? etagOf(bytes) : undefined });
      }, settled);
    }
    let body: string;
    try {
      body = await flight.body;
    } catch (error) {
      ledgerFailure(error);
    }
    res.type('application/json').send(body);
  });

  // --- auth
  router.post('/auth/challenge', authLimit, (req, res) => {
    res.json(auth.issueChallenge(req.body));
  });
  router.post('/auth/token', authLimit, async (req, res) => {
    res.json(await auth.issueToken(req.body));
  });
  router.get('/auth/me', requireAuth, (_req, res) => {
    const { department } = principalOf(res.locals);
    res.json({ department: department.id, province: department.province, roles: department.roles, eSeal: keystore.keyFor(department.id)?.keyId ?? null });
  });

  // --- writes
  function submitHandler(route: WriteRoute): RequestHandler {
    return async (req, res) => {
      const principal = principalOf(res.locals).department;
      const body = parseWith(SubmitBody, req.body, 'body');
      const type = body.record.type;
      const target = WRITE_TARGETS[type];
      if (!target || !route.types.includes(type)) {
        throw new ApiError(400, 'INVALID_ARGUMENT', `record.type: ${type} is not accepted here (accepted: ${route.types.join(', ')})`, [{ field: 'body.record.type', message: `must be one of ${route.types.join(', ')}` }]);
      }
      if (route.param) {
        const wanted = String(req.params[route.param.name] ?? '');
        if (body.record[route.param.field] !== undefined && body.record[route.param.field] !== wanted) {
          throw new ApiError(400, 'INVALID_ARGUMENT', `record.${route.param.field} must be ${wanted} (from the path)`, [{ field: `body.record.${route.param.field}`, message: `must equal the path's ${route.param.name}` }]);
        }
      }
      let canonical: string;
      try {
        canonical = canonicalJson(body.record); // what is signed: non-finite numbers (1e999), lone surrogates … are refused here
      } catch (error) {
        if (!(error instanceof CryptoError)) throw error;
        throw new ApiError(400, 'INVALID_ARGUMENT', `record: ${error.message}`, [{ field: 'body.record', message: error.message }]);
      }
      let identity: LedgerIdentity = { province: principal.province, role: 'client' };
      let record = body.record as unknown as Proof['record'];
      if (target.identity === 'admin') {
        // Registry writes go through the province organisation's admin: only its gateway principal may ask.
        if (!principal.roles.includes('gateway')) throw new ApiError(403, 'NOT_AUTHORISED', `${type} is submitted by a province gateway principal (role gateway)`);
        const province = typeof body.record.province === 'string' ? body.record.province : principal.province;
        if (province !== principal.province) throw new ApiError(403, 'NOT_AUTHORISED', `${principal.id} registers departments of ${principal.province} only`);
        identity = { province: principal.province, role: 'admin' };
        if (body.record.signature === undefined) throw new ApiError(400, 'INVALID_ARGUMENT', `${type} must be signed by the department's own key`, [{ field: 'body.record.signature', message: 'Required' }]);
      } else {
        if (body.record.department !== principal.id) {
          throw new ApiError(403, 'NOT_AUTHORISED', `record.department is ${body.record.department} but the caller is ${principal.id}`);
        }
        if (body.record.signature === undefined) {
          // e-seal path: the gateway signs with the department's key held in its keystore.
          if (!keystore.keyFor(principal.id)) throw new ApiError(400, 'NO_ESEAL_KEY', `the gateway holds no signing key for ${principal.id}; submit a signed record`, [{ field: 'body.record.signature', message: 'Required' }]);
          // Unsigned, so its canonical text is exactly what the signature covers: canonicalised once, not twice.
          record = (await keystore.sign(principal.id, body.record, utf8Encode(canonical))) as unknown as Proof['record'];
        }
      }
      const transient = body.transient === undefined ? undefined : Object.fromEntries(Object.entries(body.transient).map(([k, v]) => [k, utf8Encode(v)]));
      let committed;
      try {
        committed = await submitPlaced(ledger, { identity, contract: target.contract, transaction: target.transaction, args: [JSON.stringify(record)], ...(transient ? { transient } : {}) }, record, placements);
      } catch (error) {
        ledgerFailure(error);
      }
      if (type.startsWith('department.')) directory.invalidate(body.record.department);
      if (type === 'sharing.catalogue') {
        access.invalidateCatalogue(body.record.department);
        placements.invalidate(body.record.department);
      }
      const receipt = JSON.parse(utf8Decode(committed.result)) as Record<string, unknown>;
      // A refusal committed with its joint-punishment feedback record (issue 14): still a refusal, with a txId that resolves.
      const refusal = refusalOf(receipt);
      if (refusal !== undefined) throw new ApiError(422, refusal.code, refusal.reason, { txId: committed.txId, feedbackId: refusal.feedbackId });
      const proof = await buildProof(ledger, { record, txId: committed.txId, blockNumber: committed.blockNumber, signerPublicKey: await signerPublicKey(record.signature.keyId) });
      sendJsonText(res, 201, `{"receipt":${JSON.stringify(receipt)},"proof":${proofJson(proof)}}`);
    };
  }
  for (const route of WRITE_ROUTES) router.post(route.path, requireAuth, submitHandler(route));

  // E-seal key rotation: the gateway generates the department's next key in its keystore, signs the
  // department.key.rotate record with the current e-seal key (superseding it), and keeps the new key once committed.
  router.post('/departments/:departmentId/keys/eseal-rotation', requireAuth, async (req, res) => {
    const principal = principalOf(res.locals).department;
    const { departmentId } = parseWith(DepartmentIdParams, req.params, 'params');
    parseWith(EmptyBody, req.body ?? {}, 'body');
    if (departmentId !== principal.id) throw new ApiError(403, 'NOT_AUTHORISED', `${principal.id} cannot rotate the keys of ${departmentId}`);
    const current = keystore.keyFor(principal.id);
    if (!current) throw new ApiError(400, 'NO_ESEAL_KEY', `the gateway holds no signing key for ${principal.id}`);
    const next = sm2GenerateKeyPair();
    const stamp = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const keyId = `${principal.id}#eseal-${stamp.replace(/[^0-9]/g, '')}`;
    const record = await keystore.sign(principal.id, {
      type: 'department.key.rotate',
      id: `rot-${keyId.replace('#', '-')}`,
      department: principal.id,
      key: { keyId, publicKey: bytesToHex(next.publicKey), validFrom: stamp },
      supersedes: current.keyId,
    }) as unknown as Proof['record'];
    let committed;
    try {
      committed = await ledger.submit({ identity: { province: principal.province, role: 'client' }, contract: 'department', transaction: 'rotateKey', args: [JSON.stringify(record)] });
    } catch (error) {
      ledgerFailure(error);
    }
    keystore.add(principal.id, keyId, next.privateKey);
    directory.invalidate(principal.id);
    const receipt = JSON.parse(utf8Decode(committed.result)) as Record<string, unknown>;
    res.status(201).json({ receipt, keyId, superseded: current.keyId, proof: await buildProof(ledger, { record, txId: committed.txId, blockNumber: committed.blockNumber, signerPublicKey: await signerPublicKey(current.keyId) }) });
  });

  // --- reads (authenticated)
  async function guardedRead(req: Request, reader: Department, value: unknown, family: string | undefined, subject?: string): Promise<AccessOutcome[]> {
    if (family === undefined) return [];
    const grantId = req.header(GRANT_HEADER);
    return access.authorise(reader, ownersOf(value), { family, purpose: decodePurpose(req.header(PURPOSE_HEADER)), grantId: grantId === undefined || grantId === '' ? undefined : grantId.slice(0, 128), subject });
  }

  function readHandler(route: ReadRoute): RequestHandler {
    return async (req, res) => {
      const reader = principalOf(res.locals).department;
      if (route.roles && !route.roles.some((role) => (reader.roles as readonly string[]).includes(role))) {
        throw new ApiError(403, 'NOT_AUTHORISED', `${route.path} needs one of the roles ${route.roles.join(', ')} (registry of ${reader.id}: ${reader.roles.join(', ')})`);
      }
      const params = parseWith(IdParams, req.params, 'params');
      const query = parseWith(QueryValues, req.query, 'query');
      for (const source of route.args) {
        if ('query' in source && !source.optional && (query[source.query] ?? '') === '') {
          throw new ApiError(400, 'INVALID_ARGUMENT', `query.${source.query}: Required`, [{ field: `query.${source.query}`, message: 'Required' }]);
        }
      }
      const args = route.args.map((source) => ('param' in source ? (params[source.param] ?? '') : (query[source.query] ?? '')));
      let value: unknown;
      try {
        value = await evaluateJson<unknown>(ledger, route.contract, route.transaction, args, { province: reader.province, role: 'client' });
      } catch (error) {
        ledgerFailure(error);
      }
      const accessRecords = await guardedRead(req, reader, value, route.family, route.subjectParam === undefined ? undefined : params[route.subjectParam]);
      if (accessRecords.length > 0) res.setHeader('x-dtl-access-records', accessRecords.map((a) => a.accessRecordId).join(','));
      if (route.accessLog === true && Array.isArray(value)) value = await visibility.accessStates(viewerOf(reader), value as Array<{ owner?: unknown }>, route.path);
      // Protected narrative (markers on the channel) back for the owning province and for this read's allowed grants.
      value = await protectedContent.reveal(reader, value, accessRecords);
      res.json(value);
    };
  }
  /** A public read: no principal, so no access record; evaluated through the default province's client identity. */
  function publicReadHandler(route: ReadRoute): RequestHandler {
    return async (req, res) => {
      const params = parseWith(IdParams, req.params, 'params');
      const args = route.args.map((source) => ('param' in source ? (params[source.param] ?? '') : ''));
      try {
        res.json(await evaluateJson<unknown>(ledger, route.contract, route.transaction, args));
      } catch (error) {
        ledgerFailure(error);
      }
    };
  }
  for (const route of READ_ROUTES) {
    if (route.public) router.get(route.path, publicLimit, publicReadHandler(route));
    else router.get(route.path, requireAuth, readHandler(route));
  }

  // --- a tender's evidence package (issue 14): every record with its proof, the block headers, the replay result
  router.get('/tenders/:tenderId/evidence', requireAuth, async (req, res) => {
    const { tenderId } = parseWith(TenderIdParams, req.params, 'params');
    res.json(await buildTenderEvidence(ledger, tenderId, signerPublicKey));
  });

  // --- a record with its proof (verify path)
  router.get('/records/:recordId', requireAuth, async (req, res) => {
    const reader = principalOf(res.locals).department;
    const { recordId } = parseWith(RecordIdParams, req.params, 'params');
    const stored = await evaluateJson<{ record: Proof['record']; txId: string; committedAt: string }>(ledger, 'department', 'getRecord', [recordId]);
    // Registry, catalogue and tender records are shared by design; credit, licence and trace data are access-recorded.
    const family = String(stored.record.type ?? '').split('.')[0] ?? '';
    const guarded = RECORDED_FAMILIES.has(family);
    const accessRecords = await guardedRead(req, reader, stored, guarded ? family : undefined);
    // Reaching here, a guarded family's read was same-province or allowed by the sharing contract (else 403 above).
    // Protected content: the channel holds the hash-only form; the chaincode gives the content to whom it may.
    const withContent = await protectedContent.storedRecord(reader, stored, accessRecords);
    res.json({ committedAt: stored.committedAt, proof: await visibility.proof(viewerOf(reader), await proofFor(withContent), { guarded, route: '/records/:recordId' }), accessRecords });
  });

  // --- blocks and transactions (the chain is public to authenticated departments)
  router.get('/blocks', requireAuth, async (req, res) => {
    const query = parseWith(BlocksQuery, req.query, 'query');
    const height = await ledger.height();
    const from = Math.min(query.from ?? Math.max(0, height - query.limit), height);
    const blocks = [];
    for (let n = Math.min(height - 1, from + query.limit - 1); n >= from; n--) {
      const block = await ledger.block(n);
      if (block) blocks.push({ number: block.number, hash: block.hash, previousHash: block.previousHash, dataHash: block.dataHash, hashAlgorithm: block.hashAlgorithm, timestamp: block.timestamp, transactions: block.transactions.length });
    }
    res.json({ height, blocks });
  });
  router.get('/blocks/:number', requireAuth, async (req, res) => {
    const { number } = parseWith(BlockNumber, req.params, 'params');
    const block = await ledger.block(number);
    if (!block) throw notFound(`block ${number}`);
    res.json(await visibility.block(viewerOf(principalOf(res.locals).department), block, '/blocks/:number'));
  });
  router.get('/transactions/:txId', requireAuth, async (req, res) => {
    const { txId } = parseWith(TxId, req.params, 'params');
    const tx = await ledger.transaction(txId);
    if (!tx) throw notFound(`transaction ${txId}`);
    res.json(await visibility.transaction(viewerOf(principalOf(res.locals).department), tx, '/transactions/:txId'));
  });

  // --- public, rate-limited, no login (the public trace view is registered first, above)
  router.get('/licences/:number/verify', publicLimit, async (req, res) => {
    const { number } = parseWith(LicenceNumberParams, req.params, 'params');
    const { digest } = parseWith(LicenceVerifyQuery, req.query, 'query');
    let answer: { result?: string; number?: string; fileDigest?: string; checkedAt?: string; signature?: { recordId?: string } };
    try {
      answer = await evaluateJson<typeof answer>(ledger, PUBLIC_LICENCE_VERIFY.contract, PUBLIC_LICENCE_VERIFY.transaction, [number, digest.toLowerCase()]);
    } catch (error) {
      ledgerFailure(error);
    }
    // A digest that matches no file of this licence gets the verdict alone: never the record, its holder or its proof.
    if (answer.result === 'digest-mismatch' || answer.result === 'unknown') {
      res.json({ number: answer.number ?? number, fileDigest: answer.fileDigest ?? digest.toLowerCase(), result: answer.result, checkedAt: answer.checkedAt });
      return;
    }
    // The record that vouches for the current file, with its proof, so the verifier can check it offline too.
    const recordId = answer.signature?.recordId;
    const proof = recordId === undefined ? undefined : await proofFor(await evaluateJson<{ record: Proof['record']; txId: string }>(ledger, 'department', 'getRecord', [recordId]));
    // The caller holds the file (its digest matched): the proof carries the content, and says so — unless the content
    // is protected (issue 12): then the channel's hash-only form is all a public caller gets.
    res.json(proof === undefined ? answer : { ...answer, proof: isHashOnlyForm(proof.record) ? { ...proof, form: 'hash-only', contentHash: proof.record.contentHash } : { ...proof, form: 'content' } });
  });
  router.get('/batches/:batchId/qr.:format', publicLimit, async (req, res) => {
    const { batchId, format } = parseWith(QrParams, req.params, 'params');
    let payload: unknown;
    try {
      payload = await evaluateJson<unknown>(ledger, QR_PAYLOAD.contract, QR_PAYLOAD.transaction, [batchId]);
    } catch (error) {
      ledgerFailure(error);
    }
    const qrPayload = typeof payload === 'string' ? payload : String((payload as { payload?: unknown }).payload ?? '');
    if (qrPayload === '') throw notFound(`QR payload of batch ${batchId}`);
    // The code holds the public trace page's address with the check code (issue 17), not the bare payload.
    const text = traceAddress(publicBaseFor(deps.publicUrl, { protocol: req.protocol, host: req.get('host') }), qrPayload);
    if (format === 'svg') {
      res.type('image/svg+xml').send(await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M' }));
    } else {
      res.type('image/png').send(await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 }));
    }
  });

  router.use((req, _res, next) => next(new ApiError(404, 'NOT_FOUND', `no route ${req.method} /api/v1${req.path}`)));
  return router;
}
