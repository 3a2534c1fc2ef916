/**
 * The demo credentials are public: API key `dtl-demo-<department>` and the fixtures' DEV SM2 keys (derived from a
 * published formula). A gateway started over a registry the fixtures did not write — production, DTL_FIXTURES=false,
 * or a ledger that already holds other data — must not accept them for a department that happens to carry a
 * fixture id (`sh-samr`) but was registered with its own key.
 */
import '../../src/http/quiet-chaincode-logs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { contracts } from '@dtl/chaincode';
import { DEMO_DEPARTMENTS, demoApiKey, registerWithKeystore } from '../../src/keystore/bootstrap';
import { loadFixtures } from '../../src/keystore/fixtures';
import { Keystore } from '../../src/keystore/keystore';
import { EmbeddedLedger } from '../../src/ledger/embedded/embedded-ledger';
import { createServer } from '../../src/server';

const SECRET = 'demo-keys-test-secret-demo-keys-test-0001';

describe('public demo credentials on a registry the fixtures did not write', () => {
  let dataDir: string;
  let ledger: EmbeddedLedger;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtl-demo-keys-'));
    ledger = await EmbeddedLedger.open({ dataDir, contracts, batchTimeoutMs: 2 });
    // "Production": sh-samr registered with its own key, held by another keystore (the department's own HSM, say).
    const own = Keystore.open({ dataDir: join(dataDir, 'department-side') });
    const seed = DEMO_DEPARTMENTS.find((d) => d.id === 'sh-samr');
    if (!seed) throw new Error('no sh-samr seed');
    await registerWithKeystore(ledger, own, seed);
  }, 60_000);

  afterAll(async () => {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['DTL_FIXTURES=false', false],
    ['DTL_FIXTURES=true over a registry that already holds data', true],
  ])('%s: the demo API key does not log in as sh-samr and the gateway holds no DEV key for it', async (_name, load) => {
    const keystore = Keystore.open({ dataDir: join(dataDir, `gateway-${String(load)}`) });
    const result = await loadFixtures(ledger, keystore, { load, logger: pino({ level: 'silent' }) });
    expect(result.apiKeys.map((a) => a.department)).not.toContain('sh-samr');
    expect(keystore.keyFor('sh-samr')).toBeUndefined();
    const { app } = createServer({ ledger, keystore, jwtSecret: SECRET });
    const login = await request(app).post('/api/v1/auth/token').send({ apiKey: demoApiKey('sh-samr') });
    expect(login.status).toBe(401);
  });
});
