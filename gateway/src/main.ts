/**
 * The gateway process: parse the configuration once, open the ledger (embedded, or Fabric loaded lazily), the
 * keystore and the JWT secret, load the demo fixtures into an empty data dir, serve, and print where to look.
 */
import './http/quiet-chaincode-logs';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { serveControl, type ControlServer } from './backup/control';
import type { RawCursor } from './ledger/embedded/store';
import { parseConfig, type GatewayConfig } from './config';
import { ensureGatewayPrincipals } from './keystore/bootstrap';
import { assertProductionReady } from './production';
import { loadJwtSecret } from './secrets/jwt-secret';
import { Keystore } from './keystore/keystore';
import { loadFixtures, type FixtureLoadResult } from './keystore/fixtures';
import type { Ledger } from './ledger/ledger';
import { openReadModel, type ReadModel } from './read-model';
import { createServer } from './server';
import { ledgerTrustBundle } from './trust/ledger-bundle';

/**
 * HS256 secret: from the environment, or `<dataDir>/jwt.secret` (sealed under the passphrase when one is set); an empty,
 * truncated or short one is refused. Development generates the file once (durably); production never does.
 */
export function jwtSecretFor(config: GatewayConfig): string {
  return loadJwtSecret({ dataDir: config.dataDir, fromEnvironment: config.jwtSecret, passphrase: config.keystorePassphrase, generate: config.mode === 'development' });
}

export async function openLedger(config: GatewayConfig): Promise<Ledger> {
  if (config.ledger === 'fabric') {
    // Lazy: @hyperledger/fabric-gateway and gRPC are loaded only in fabric mode.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fabric = require('./ledger/fabric') as typeof import('./ledger/fabric');
    return fabric.createFabricLedger(config.fabricProfile === undefined ? {} : { profilePath: config.fabricProfile });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EmbeddedLedger } = require('./ledger/embedded/embedded-ledger') as typeof import('./ledger/embedded/embedded-ledger');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { contracts } = require('@dtl/chaincode') as typeof import('@dtl/chaincode');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { productContractsModule } = require('./ledger/embedded/contracts-module') as typeof import('./ledger/embedded/contracts-module');
  return EmbeddedLedger.open({ dataDir: config.dataDir, contracts, contractsModule: productContractsModule(), passphrase: config.keystorePassphrase });
}

export interface RunningGateway {
  readonly url: string;
  readonly ledger: Ledger;
  readonly fixtures: FixtureLoadResult;
  readonly readModel?: ReadModel;
  close(): Promise<void>;
}

/** The explorer that `npm run build` (and so `npm install` and `npm start`) builds into explorer/dist. */
export function defaultExplorerDir(): string | undefined {
  // gateway/dist/src when compiled, gateway/src under ts-jest: the repository root is two or three levels up.
  const candidates = [resolve(__dirname, '..', '..', '..', 'explorer', 'dist'), resolve(__dirname, '..', '..', 'explorer', 'dist')];
  return candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
}

export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const production = config.mode === 'production';
  // Production mode refuses every unsafe setting before anything is opened or written (production.ts).
  if (production) assertProductionReady(config);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const jwtSecret = jwtSecretFor(config);
  const ledger = await openLedger(config);
  const keystore = Keystore.open({ dataDir: config.dataDir, passphrase: config.keystorePassphrase });
  // The read model follows the chain from its checkpoint in the background (issue 15); lists and search ask it.
  const readModel = config.readModel === undefined ? undefined : await openReadModel(config.readModel, ledger, { onError: (error) => logger.error({ err: error }, 'read model indexer stopped') });
  await readModel?.indexer.start();
  const fixtures = await loadFixtures(ledger, keystore, { load: config.loadFixtures && !production, demoKeys: !production, logger });
  // The province gateway principals sign cross-region access records: registered in production too.
  if (production) await ensureGatewayPrincipals(ledger, keystore);
  const explorerDir = config.explorerDir ?? defaultExplorerDir();
  const gatewayServer = createServer({
    ledger,
    keystore,
    jwtSecret,
    production,
    jwtTtlSeconds: config.jwtTtlSeconds,
    logger,
    publicRateLimitPerMinute: config.publicRateLimitPerMinute,
    guardedReadsPerMinute: config.guardedReadsPerMinute,
    trustProxy: config.trustProxy,
    rateLimits: config.rateLimits,
    explorerDir,
    defaultMetrics: true,
    ...(config.tls ? { tls: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } } : {}),
    ...(readModel ? { readModel } : {}),
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
  });
  const server = gatewayServer.listen(config.port, config.host);
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  const background = new AbortController();
  if (fixtures.tender) {
    fixtures.tender(background.signal).then(
      (count) => logger.info({ count }, 'demo tender loaded'),
      (error: unknown) => logger.error({ err: error }, 'demo tender failed'),
    );
  }
  // The operator's control socket (`dtl backup` against the running embedded ledger).
  const snapshotting = ledger as Ledger & { snapshotCursor?: () => RawCursor; storedBlockBytes?: (n: number) => Promise<Buffer | undefined> };
  const snapshotCursor = snapshotting.snapshotCursor?.bind(ledger);
  const storedBlockBytes = snapshotting.storedBlockBytes?.bind(ledger);
  const control: ControlServer | undefined =
    snapshotCursor === undefined ? undefined : await serveControl({ dataDir: config.dataDir, snapshotCursor, ...(storedBlockBytes ? { storedBlockBytes } : {}) });
  const address = server.address() as AddressInfo;
  const url = `${config.tls ? 'https' : 'http'}://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    ledger,
    fixtures,
    ...(readModel ? { readModel } : {}),
    async close(): Promise<void> {
      background.abort();
      await control?.close();
      await new Promise<void>((done) => server.close(() => done()));
      await readModel?.close();
      await ledger.close();
    },
  };
}

/** What the gateway prints at start: where to look, and (development only) the published demo API keys. No secret. */
export function bannerLines(config: GatewayConfig, gateway: { readonly url: string; readonly fixtures: FixtureLoadResult; readonly ledger: { readonly kind: string }; readonly readModel?: ReadModel }, height: number, trustFingerprint?: string): string[] {
  const production = config.mode === 'production';
  const trustLine = trustFingerprint ? `bundle ${trustFingerprint} (publish it: dtl trust export --url ${gateway.url} --out trust.json)` : '(no embedded trust bundle on this ledger)';
  return [
    '',
    `Delta Trust Ledger gateway (${config.mode} mode) on the ${gateway.ledger.kind} ledger (data: ${resolve(config.dataDir)}, height ${height})`,
    `  API       ${gateway.url}/api/v1`,
    `  docs      ${gateway.url}/docs   (OpenAPI: ${gateway.url}/openapi.json)`,
    `  health    ${gateway.url}/healthz   metrics: ${gateway.url}/metrics`,
    `  index     ${gateway.readModel ? `${gateway.url}/api/v1/index/overview (${gateway.readModel.database.dialect}: ${gateway.readModel.database.location})` : '(off: DTL_READ_MODEL=off)'}`,
    ...((config.explorerDir ?? defaultExplorerDir())
      ? [`  web       ${gateway.url}/   workbench: ${gateway.url}/workbench/   audit explorer: ${gateway.url}/audit/`]
      : ['  web       (not built: npm run build:explorer)']),
    ...(production
      ? [`  trust     ${trustLine}`, `  api keys  dtl apikey create|list|revoke --data ${resolve(config.dataDir)}   backup: dtl backup --data ${resolve(config.dataDir)} --out DIR`, '']
      : [
          `  fixtures  ${gateway.fixtures.summary}`,
          `  trust     ${trustLine}`,
          '',
          'Demo API keys (DEVELOPMENT ONLY, refused in production): POST /api/v1/auth/token {"apiKey": "<key>"}',
          ...gateway.fixtures.apiKeys.map(({ department, apiKey }) => `  ${department.padEnd(18)} ${apiKey}`),
          '',
        ]),
  ];
}

/**
 * Where the log goes: standard output. Buffered by default: at info the gateway logs a line per request, and one
 * write per line cost the main thread more than the line itself (issue 19); lines are written in 4 KiB chunks, at
 * least every second and at exit (pino flushes its destination on exit). A hard kill can lose up to a second of log
 * lines — never a ledger record or an access record, which are on the chain. DTL_LOG_SYNC=true writes each line at once.
 */
function logDestination(sync: boolean): pino.DestinationStream {
  const destination = pino.destination({ dest: 1, sync, minLength: sync ? 0 : 4096 });
  if (!sync) {
    setInterval(() => {
      try {
        destination.flush();
      } catch {
        // a destroyed destination (standard output closed): nothing left to flush
      }
    }, 1000).unref();
  }
  return destination;
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = parseConfig(env);
  const logger = pino({ level: config.logLevel, base: { service: 'dtl-gateway' } }, logDestination(config.logSync));
  const gateway = await startGateway(config, logger);
  const trust = await ledgerTrustBundle(gateway.ledger)().catch(() => undefined);
  const lines = bannerLines(config, gateway, await gateway.ledger.height(), trust?.fingerprint);
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`dtl-gateway: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
