/**
 * createServer(deps): the Express application over a Ledger, apart from main() so tests drive it with supertest.
 * Order: request id → metrics → structured log → JSON body (256 KiB) → routes → 404 → the one error handler.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import compression from 'compression';
import express, { type Express } from 'express';
import pino, { type Logger } from 'pino';
import swaggerUi from 'swagger-ui-express';
import type { Keystore } from './keystore/keystore';
import type { Ledger } from './ledger/ledger';
import { apiRouter } from './http/api';
import { trustRouter } from './http/trust-routes';
import { Classifier } from './visibility/classify';
import { Visibility } from './visibility/visibility';
import { ledgerTrustBundle } from './trust/ledger-bundle';
import type { TrustBundle } from './trust/bundle';
import { createServer as createHttpsServer } from 'node:https';
import { answerClientErrorsInJson } from './http/client-errors';
import { Authenticator } from './http/auth';
import { DepartmentDirectory } from './http/directory';
import { ApiError, errorHandler } from './http/errors';
import { createMetrics } from './http/metrics';
import { openApiDocument } from './http/openapi';
import type { RateLimitSettings } from './http/rate-limits';
import { AccessRecorder } from './http/access';
import { GuardedReadBudget } from './http/guarded-read-budget';
import type { ReadModel } from './read-model';
import { registerReadModelMetrics } from './read-model/metrics';
import { readModelRouter } from './read-model/routes';
import { importRouter } from './import/routes';
import { publicRouter } from './http/public-routes';

export const BODY_LIMIT = '256kb';

export interface ServerDeps {
  readonly ledger: Ledger;
  readonly keystore: Keystore;
  readonly jwtSecret: string;
  readonly jwtTtlSeconds?: number;
  readonly logger?: Logger;
  readonly publicRateLimitPerMinute?: number;
  /** Cross-region reads (which write access records) per department per minute; default 120. */
  readonly guardedReadsPerMinute?: number;
  /** TESTS ONLY (the leak suite's deliberate leak): the one route whose visibility filter is switched off. */
  readonly testOnlyUnfilteredRoute?: string;
  /** Serve the explorer's static build here when the directory exists. */
  readonly explorerDir?: string | undefined;
  /** Express `trust proxy`: the reverse proxies whose X-Forwarded-For is believed (rate-limits.ts, DTL_TRUST_PROXY). */
  readonly trustProxy?: false | number | readonly string[];
  /** Login and per-department rate limits (http/rate-limits.ts). */
  readonly rateLimits?: Partial<RateLimitSettings>;
  /** Production mode (config.ts DTL_MODE): demo API keys are refused. */
  readonly production?: boolean;
  /** Process-wide default metrics (off in tests that build many servers). */
  readonly defaultMetrics?: boolean;
  /** The trust bundle GET /api/v1/trust serves (default: the embedded ledger's genesis hash and block-signing key). */
  readonly trustBundle?: () => Promise<TrustBundle | undefined>;
  /** Serve HTTPS with this certificate chain and key (PEM) instead of plain HTTP. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** The read model (lists, search, audit aggregates under /api/v1/index); absent: those routes answer 404. */
  readonly readModel?: ReadModel;
  /** DTL_PUBLIC_URL: the https base every QR code and report link points under (public/public-url.ts); undefined: derived per request. */
  readonly publicUrl?: string;
}

export interface GatewayServer {
  readonly app: Express;
  readonly directory: DepartmentDirectory;
  readonly auth: Authenticator;
  /** Listens on port and host; requests Node's parser refuses are answered in the API's JSON error form too. */
  listen(port: number, host: string): Server;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function createServer(deps: ServerDeps): GatewayServer {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const directory = new DepartmentDirectory(deps.ledger);
  const auth = new Authenticator({ secret: deps.jwtSecret, ttlSeconds: deps.jwtTtlSeconds ?? 900, directory, keystore: deps.keystore, production: deps.production ?? false });
  const metrics = createMetrics(deps.ledger, { defaultMetrics: deps.defaultMetrics ?? false });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy === undefined || deps.trustProxy === false ? false : typeof deps.trustProxy === 'number' ? deps.trustProxy : [...deps.trustProxy]);

  app.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    const id = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      if (logger.isLevelEnabled('info')) {
        logger.info({ requestId: id, method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6 }, 'request');
      }
    });
    next();
  });
  app.use(metrics.middleware);
  app.use(express.json({ limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] }));

  app.get('/healthz', async (_req, res) => {
    const height = await deps.ledger.height();
    // The read model's height and lag behind the chain (issue 15), when the gateway keeps one.
    const readModel = deps.readModel ? { readModel: { height: deps.readModel.indexer.height, lag: Math.max(0, height - deps.readModel.indexer.height), database: deps.readModel.database.dialect } } : {};
    res.json({ status: 'ok', ledger: deps.ledger.kind, height, ...readModel });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const document = openApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document));
  // One visibility decision and one access recorder (with one per-department budget) for every router (issue 12).
  const classifier = new Classifier(deps.ledger, directory);
  const visibility = new Visibility(classifier, deps.testOnlyUnfilteredRoute === undefined ? {} : { testOnlyUnfilteredRoute: deps.testOnlyUnfilteredRoute });
  const access = new AccessRecorder(deps.ledger, deps.keystore, directory, classifier, new GuardedReadBudget(deps.guardedReadsPerMinute ?? 120));
  if (deps.readModel) {
    registerReadModelMetrics(metrics.registry, deps.readModel);
    app.use('/api/v1/index', readModelRouter({ readModel: deps.readModel, access, requireAuth: auth.required() }));
  }
  // Bulk import of CSV / Excel files (issue 16): its own raw-body parser and limit, before the API's catch-all.
  app.use('/api/v1/import', importRouter({ ledger: deps.ledger, keystore: deps.keystore, requireAuth: auth.required() }));
  // The public pages' reads (issue 17): no login, rate-limited, anonymous visibility.
  app.use('/api/v1/public', publicRouter({ ledger: deps.ledger, readModel: deps.readModel, directory, visibility, publicRateLimitPerMinute: deps.publicRateLimitPerMinute ?? 600, publicUrl: deps.publicUrl }));
  app.use('/api/v1', trustRouter({ ledger: deps.ledger, requireAuth: auth.required(), visibility, trustBundle: deps.trustBundle ?? ledgerTrustBundle(deps.ledger), publicRateLimitPerMinute: deps.publicRateLimitPerMinute ?? 600 }));
  app.use('/api/v1', apiRouter({ ledger: deps.ledger, keystore: deps.keystore, directory, auth, publicRateLimitPerMinute: deps.publicRateLimitPerMinute ?? 600, ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}), visibility, access, publicUrl: deps.publicUrl }));

  if (deps.explorerDir !== undefined && existsSync(join(deps.explorerDir, 'index.html'))) {
    const dir = deps.explorerDir;
    // The pages' scripts and styles go compressed (the public pages' budget is compressed bytes on a slow phone network).
    app.use(/^\/(?!api\/)/, compression({ threshold: 1024 }));
    app.use(express.static(dir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes of each area (workbench, audit explorer, public pages) fall back to that area's index.html.
    for (const area of ['workbench', 'audit'] as const) {
      app.get(new RegExp(`^/${area}(/.*)?$`), (_req, res) => res.sendFile(join(dir, area, 'index.html')));
    }
    app.get(/^\/(?!api\/|docs|metrics|healthz|openapi\.json).*/, (_req, res) => {
      res.sendFile(join(dir, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.json({ service: 'Delta Trust Ledger gateway', api: '/api/v1', docs: '/docs', openapi: '/openapi.json', health: '/healthz', metrics: '/metrics' });
    });
  }

  app.use((req, _res, next) => next(new ApiError(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`)));
  app.use(errorHandler(logger));
  const listen = (port: number, host: string): Server => {
    const server = deps.tls ? (createHttpsServer({ cert: deps.tls.cert, key: deps.tls.key }, app).listen(port, host) as unknown as Server) : app.listen(port, host);
    answerClientErrorsInJson(server);
    return server;
  };
  return { app, directory, auth, listen };
}
