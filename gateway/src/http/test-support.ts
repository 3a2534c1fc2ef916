/** Shared set-up for the HTTP suites: a real embedded ledger in a temp dir, the demo departments, createServer. */
import './quiet-chaincode-logs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contracts } from '@dtl/chaincode';
import request from 'supertest';
import pino from 'pino';
import { Keystore } from '../keystore/keystore';
import { loadFixtures } from '../keystore/fixtures';
import { DEMO_DEPARTMENTS, demoApiKey, ensureGatewayPrincipals, registerWithKeystore, type DepartmentSeed } from '../keystore/bootstrap';
import { EmbeddedLedger } from '../ledger/embedded/embedded-ledger';
import { openReadModel, type ReadModel } from '../read-model';
import { createServer, type GatewayServer } from '../server';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface TestGateway {
  readonly dataDir: string;
  /** With fixtures: runs the demo tender (short windows) and resolves with its committed transaction count. */
  readonly tender?: (signal?: AbortSignal) => Promise<number>;
  readonly ledger: EmbeddedLedger;
  readonly keystore: Keystore;
  readonly server: GatewayServer;
  /** The read model behind /api/v1/index (only when asked for with `readModel: true`). */
  readonly readModel?: ReadModel;
  token(department: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A producer for tests without the fixtures: the guapian cooperative of @dtl/fixtures, registered with its own subject
 * (credit code, division), so `guapianRegistration(...)` records are its own batches (issue 14: a registration names
 * the registering department's own subject).
 */
export const TEST_COOPERATIVE: DepartmentSeed = {
  id: 'ah-la-jz-coop-guapian',
  nameZh: '金寨县六安瓜片茶叶专业合作社',
  nameEn: "Jinzhai Lu'an Guapian Tea Cooperative",
  province: 'anhui',
  city: '六安市',
  county: '金寨县',
  tier: 'county',
  roles: ['trace-actor'],
  creditCode: '93341524MA2N7K4XX7',
  divisionCode: '341524',
};

export async function startTestGateway(options: { publicRateLimitPerMinute?: number; fixtures?: boolean; tenderWindowMs?: number; guardedReadsPerMinute?: number; testOnlyUnfilteredRoute?: string; readModel?: boolean } = {}): Promise<TestGateway> {
  let tender: ((signal?: AbortSignal) => Promise<number>) | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-gw-'));
  const ledger = await EmbeddedLedger.open({ dataDir, contracts, batchTimeoutMs: 2 });
  const keystore = Keystore.open({ dataDir });
  if (options.fixtures) {
    // The same path `npm start` takes: @dtl/fixtures' ordered transactions, DEV keys, demo API keys.
    tender = (await loadFixtures(ledger, keystore, { load: true, logger: pino({ level: 'silent' }), tenderWindowMs: options.tenderWindowMs ?? 1500 })).tender;
  } else {
    await ensureGatewayPrincipals(ledger, keystore);
    for (const seed of [...DEMO_DEPARTMENTS, TEST_COOPERATIVE]) {
      await registerWithKeystore(ledger, keystore, seed);
      keystore.setApiKey(seed.id, demoApiKey(seed.id));
    }
  }
  // Suites that test the limits build their own servers (rate-limits.test.ts); here they stay out of the way.
  // A SQLite read model in the data dir, following the chain like the gateway's own (issue 15).
  const readModel = options.readModel === true ? await openReadModel(join(dataDir, 'read-model.sqlite'), ledger) : undefined;
  await readModel?.indexer.start();
  const server = createServer({ ledger, keystore, jwtSecret: TEST_SECRET, publicRateLimitPerMinute: options.publicRateLimitPerMinute ?? 10_000,
    ...(readModel ? { readModel } : {}),
    rateLimits: { departmentPerMinute: 1e9, loginFailuresPerMinute: 1e9, loginSuccessesPerMinute: 1e9 },
    guardedReadsPerMinute: options.guardedReadsPerMinute ?? 100_000,
    ...(options.testOnlyUnfilteredRoute === undefined ? {} : { testOnlyUnfilteredRoute: options.testOnlyUnfilteredRoute }),
  });
  const tokens = new Map<string, string>();
  return {
    dataDir,
    ...(tender ? { tender } : {}),
    ledger,
    keystore,
    server,
    ...(readModel ? { readModel } : {}),
    async token(department: string): Promise<string> {
      const cached = tokens.get(department);
      if (cached) return cached;
      const res = await request(server.app).post('/api/v1/auth/token').send({ apiKey: demoApiKey(department) });
      if (res.status !== 200) throw new Error(`token for ${department}: ${res.status} ${JSON.stringify(res.body)}`);
      const token = (res.body as { token: string }).token;
      tokens.set(department, token);
      return token;
    },
    async close(): Promise<void> {
      await readModel?.close();
      await ledger.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
