/**
 * Rate limits behind a reverse proxy: with `trust proxy` unset the X-Forwarded-For header is not believed (a client
 * cannot pick its own bucket, and every client behind a proxy shares one); with the proxy declared, each forwarded
 * client has its own bucket. Authenticated routes are limited per department, whatever the address. Failed logins
 * are counted apart from successful ones.
 */
import request from 'supertest';
import { parseTrustProxy } from '../../src/http/rate-limits';
import { startTestGateway, TEST_SECRET, type TestGateway } from '../../src/http/test-support';
import { demoApiKey } from '../../src/keystore/bootstrap';
import { createServer } from '../../src/server';
import { parseConfig } from '../../src/config';

describe('rate limits per client behind a proxy, per department, and for logins', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  const server = (options: { trustProxy?: false | number | string[]; publicPerMinute?: number; department?: number; failures?: number; successes?: number }): ReturnType<typeof createServer> =>
    createServer({
      ledger: gateway.ledger,
      keystore: gateway.keystore,
      jwtSecret: TEST_SECRET,
      publicRateLimitPerMinute: options.publicPerMinute ?? 10_000,
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
      rateLimits: { departmentPerMinute: options.department ?? 10_000, loginFailuresPerMinute: options.failures ?? 10_000, loginSuccessesPerMinute: options.successes ?? 10_000 },
    });

  async function statuses(app: ReturnType<typeof createServer>['app'], forwardedFor: string, count: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((await request(app).get('/api/v1/keys/sh-samr%231').set('x-forwarded-for', forwardedFor)).status);
    return out;
  }

  it('trust proxy unset: X-Forwarded-For is ignored, so all clients behind the proxy share one bucket', async () => {
    const { app } = server({ publicPerMinute: 3 });
    expect(await statuses(app, '203.0.113.1', 3)).toEqual([200, 200, 200]);
    // Another client behind the same proxy (and a client forging the header) lands in the same, exhausted bucket.
    expect(await statuses(app, '203.0.113.2', 1)).toEqual([429]);
  });

  it('trust proxy set to the proxy (loopback): each forwarded client has its own bucket', async () => {
    const { app } = server({ publicPerMinute: 3, trustProxy: ['loopback'] });
    expect(await statuses(app, '203.0.113.1', 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses(app, '203.0.113.2', 3)).toEqual([200, 200, 200]);
    // Only the hop the proxy added counts: a client-supplied left part does not open a new bucket.
    expect(await statuses(app, '198.51.100.9, 203.0.113.2', 1)).toEqual([429]);
  });

  it('a hop count works too, and "true" is refused as a setting', async () => {
    const { app } = server({ publicPerMinute: 2, trustProxy: 1 });
    expect(await statuses(app, '203.0.113.7', 3)).toEqual([200, 200, 429]);
    expect(await statuses(app, '203.0.113.8', 1)).toEqual([200]);
    expect(() => parseTrustProxy('true')).toThrow(/name the proxies/);
    expect(parseTrustProxy('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
    expect(parseConfig({ DTL_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => parseConfig({ DTL_TRUST_PROXY: 'true' })).toThrow(/DTL_TRUST_PROXY/);
  });

  it('authenticated routes are limited per department, not per address', async () => {
    const { app } = server({ department: 3, trustProxy: ['loopback'] });
    const login = async (department: string): Promise<string> => ((await request(app).post('/api/v1/auth/token').send({ apiKey: demoApiKey(department) })).body as { token: string }).token;
    const samr = await login('sh-samr');
    const hz = await login('zj-hz-sjj');
    const me = async (token: string, from: string): Promise<number> => (await request(app).get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).set('x-forwarded-for', from)).status;
    // sh-samr from three addresses shares one budget.
    expect([await me(samr, '203.0.113.1'), await me(samr, '203.0.113.2'), await me(samr, '203.0.113.3'), await me(samr, '203.0.113.4')]).toEqual([200, 200, 200, 429]);
    // Another department from the same address is not affected.
    expect(await me(hz, '203.0.113.1')).toBe(200);
  });

  it('failed logins are counted apart from successful ones', async () => {
    const { app } = server({ failures: 3, successes: 5, trustProxy: ['loopback'] });
    const login = async (apiKey: string, from = '203.0.113.50'): Promise<number> => (await request(app).post('/api/v1/auth/token').set('x-forwarded-for', from).send({ apiKey })).status;
    // Successful logins beyond the failure budget: all accepted (they do not count as failures).
    const ok: number[] = [];
    for (let i = 0; i < 5; i++) ok.push(await login(demoApiKey('sh-samr')));
    expect(ok).toEqual([200, 200, 200, 200, 200]);
    // The successes have their own budget.
    expect(await login(demoApiKey('sh-samr'))).toBe(429);
    // Failures from another client: three refused as wrong, then throttled, even for a correct key.
    const failed: number[] = [];
    for (let i = 0; i < 4; i++) failed.push(await login(`dtl-guess-${i}-xxxxxxxx`, '203.0.113.51'));
    expect(failed).toEqual([401, 401, 401, 429]);
    expect(await login(demoApiKey('sh-samr'), '203.0.113.51')).toBe(429);
    // Yet another client is unaffected by either.
    expect(await login(demoApiKey('sh-samr'), '203.0.113.52')).toBe(200);
  });
});
