/**
 * The gateway process: parse the configuration once, open the ledger (embedded, or Fabric loaded lazily), the
 * keystore and the JWT secret, load the demo fixtures into an empty data dir, serve, and print where to look.
 */
import './http/quiet-chaincode-logs';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import { parseConfig, type GatewayConfig } from './config';
import { Keystore } from './keystore/keystore';
import { loadFixtures, type FixtureLoadResult } from './keystore/fixtures';
import type { Ledger } from './ledger/ledger';
import { openReadModel, type ReadModel } from './read-model';
import { createServer } from './server';

/** HS256 secret: from the environment, or generated once into `<dataDir>/jwt.secret` (mode 0600). */
export function jwtSecretFor(config: GatewayConfig): string {
  if (config.jwtSecret !== undefined) return config.jwtSecret;
  const file = join(config.dataDir, 'jwt.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
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
  return EmbeddedLedger.open({ dataDir: config.dataDir, contracts });
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
  // From gateway/dist/src (the built gateway) or gateway/src (the sources under ts-jest) to <repo>/explorer/dist.
  const candidates = [resolve(__dirname, '..', '..', '..', 'explorer', 'dist'), resolve(__dirname, '..', '..', 'explorer', 'dist')];
  return candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
}

export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const ledger = await openLedger(config);
  const keystore = Keystore.open({ dataDir: config.dataDir, passphrase: config.keystorePassphrase });
  // The read model follows the chain from its checkpoint in the background (issue 15); lists and search ask it.
  const readModel = config.readModel === undefined ? undefined : await openReadModel(config.readModel, ledger, { onError: (error) => logger.error({ err: error }, 'read model indexer stopped') });
  await readModel?.indexer.start();
  const fixtures = await loadFixtures(ledger, keystore, { load: config.loadFixtures, logger });
  const explorerDir = config.explorerDir ?? defaultExplorerDir();
  const gatewayServer = createServer({
    ledger,
    keystore,
    jwtSecret: jwtSecretFor(config),
    jwtTtlSeconds: config.jwtTtlSeconds,
    logger,
    publicRateLimitPerMinute: config.publicRateLimitPerMinute,
    explorerDir,
    defaultMetrics: true,
    ...(readModel ? { readModel } : {}),
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
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    ledger,
    fixtures,
    ...(readModel ? { readModel } : {}),
    async close(): Promise<void> {
      background.abort();
      await new Promise<void>((done) => server.close(() => done()));
      await readModel?.close();
      await ledger.close();
    },
  };
}

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = parseConfig(env);
  const logger = pino({ level: config.logLevel, base: { service: 'dtl-gateway' } });
  const gateway = await startGateway(config, logger);
  const lines = [
    '',
    `Delta Trust Ledger gateway on the ${gateway.ledger.kind} ledger (data: ${resolve(config.dataDir)}, height ${await gateway.ledger.height()})`,
    `  API       ${gateway.url}/api/v1`,
    `  docs      ${gateway.url}/docs   (OpenAPI: ${gateway.url}/openapi.json)`,
    `  health    ${gateway.url}/healthz   metrics: ${gateway.url}/metrics`,
    `  index     ${gateway.readModel ? `${gateway.url}/api/v1/index/overview (${gateway.readModel.database.dialect}: ${gateway.readModel.database.location})` : '(off: DTL_READ_MODEL=off)'}`,
    `  explorer  ${config.explorerDir ?? defaultExplorerDir() ? `${gateway.url}/` : '(not built: npm run build:explorer)'}`,
    `  fixtures  ${gateway.fixtures.summary}`,
    '',
    'Demo API keys (DEVELOPMENT ONLY): POST /api/v1/auth/token {"apiKey": "<key>"}',
    ...gateway.fixtures.apiKeys.map(({ department, apiKey }) => `  ${department.padEnd(18)} ${apiKey}`),
    '',
  ];
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
