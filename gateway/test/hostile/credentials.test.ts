/**
 * Credentials die with their keys. Tokens name the key or API key they came from and are checked against the
 * ledger's registry on every use (cached 2 s): a key superseded by a rotation, a key revoked, an API key revoked
 * with `dtl apikey revoke` (the CLI's own store on the same data dir) or past its expiry — every token from it and
 * every API key bound to it is refused. Demo API keys are refused in production mode.
 */
import { bytesToHex, sm2Sign, utf8Encode } from '@dtl/chaincode/crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { main as dtl } from '../../src/cli/main';
import { startTestGateway, TEST_SECRET, type TestGateway } from '../../src/http/test-support';
import { demoApiKey } from '../../src/keystore/bootstrap';
import { createServer, type GatewayServer } from '../../src/server';

const CACHE_MS = 2100;
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('tokens and API keys die with the key they came from', () => {
  let gw: TestGateway;
  let server: GatewayServer;
  beforeAll(async () => {
    gw = await startTestGateway();
    server = gw.server;
  });
  afterAll(async () => {
    await gw.close();
  });

  const me = async (token: string): Promise<{ status: number; message: string }> => {
    const res = await request(server.app).get('/api/v1/auth/me').set('authorization', `Bearer ${token}`);
    return { status: res.status, message: String(res.body?.error?.message ?? '') };
  };
  const loginWithApiKey = async (apiKey: string): Promise<{ status: number; token: string; message: string }> => {
    const res = await request(server.app).post('/api/v1/auth/token').send({ apiKey });
    return { status: res.status, token: String(res.body?.token ?? ''), message: String(res.body?.error?.message ?? '') };
  };
  const loginWithKey = async (department: string): Promise<string> => {
    const held = gw.keystore.keyFor(department);
    if (!held) throw new Error(`no key for ${department}`);
    const { challenge } = (await request(server.app).post('/api/v1/auth/challenge').send({ department })).body as { challenge: string };
    const res = await request(server.app).post('/api/v1/auth/token').send({ department, challenge, keyId: held.keyId, signature: bytesToHex(sm2Sign(utf8Encode(challenge), held.privateKey)) });
    expect(res.status).toBe(200);
    return (res.body as { token: string }).token;
  };

  it('a rotation supersedes the key: its challenge token, its demo API key and an operator API key bound to it all stop', async () => {
    const department = 'js-nj-ggzy';
    const oldKey = gw.keystore.keyFor(department)?.keyId ?? '';
    const fromKey = await loginWithKey(department);
    const demo = await loginWithApiKey(demoApiKey(department));
    const created = gw.keystore.apiKeys.create(department, oldKey, new Date(Date.now() + 86_400_000), 'trading system');
    const operator = await loginWithApiKey(created.apiKey);
    expect([demo.status, operator.status]).toEqual([200, 200]);
    for (const token of [fromKey, demo.token, operator.token]) expect((await me(token)).status).toBe(200);

    const rotation = await request(server.app).post(`/api/v1/departments/${department}/keys/eseal-rotation`).set('authorization', `Bearer ${fromKey}`).send({});
    expect(rotation.status).toBe(201);
    await wait(CACHE_MS);
    for (const token of [fromKey, demo.token, operator.token]) {
      const answer = await me(token);
      expect(answer.status).toBe(401);
      expect(answer.message).toContain(`key ${oldKey} is revoked`);
    }
    expect((await loginWithApiKey(demoApiKey(department))).status).toBe(401);
    const again = await loginWithApiKey(created.apiKey);
    expect(again.status).toBe(401);
    expect(again.message).toContain(`key ${oldKey} is revoked`);
    // The new key logs in; a fresh API key bound to it works.
    const fresh = await loginWithKey(department);
    expect((await me(fresh)).status).toBe(200);
  });

  it('a revoked key: tokens from it are refused within the cache time', async () => {
    const department = 'zj-hz-sjj';
    const keyId = gw.keystore.keyFor(department)?.keyId ?? '';
    const token = await loginWithKey(department);
    const apiKey = gw.keystore.apiKeys.create(department, keyId, new Date(Date.now() + 86_400_000)).apiKey;
    const viaApiKey = (await loginWithApiKey(apiKey)).token;
    const revoke = await request(server.app)
      .post(`/api/v1/departments/${department}/keys`)
      .set('authorization', `Bearer ${token}`)
      .send({ record: { type: 'department.key.revoke', id: `revoke-${keyId.replace('#', '-')}`, department, keyId, reason: 'key-compromise' } });
    expect(revoke.status).toBe(201);
    await wait(CACHE_MS);
    for (const t of [token, viaApiKey]) {
      const answer = await me(t);
      expect(answer.status).toBe(401);
      expect(answer.message).toContain('is revoked');
    }
    expect((await loginWithApiKey(apiKey)).status).toBe(401);
  });

  it("an API key revoked with `dtl apikey revoke` (through the CLI's own store of the same data dir) or past its expiry stops, and so do its tokens", async () => {
    const department = 'sh-samr';
    const keyId = gw.keystore.keyFor(department)?.keyId ?? '';
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(await dtl(['apikey', 'create', '--data', gw.dataDir, '--department', department, '--key-id', keyId, '--days', '30', '--label', 'ERP'], io)).toBe(0);
    const printed = out.join('');
    const apiKey = /api key: (dtl_\S+)/.exec(printed)?.[1] ?? '';
    const id = /id: (ak-[0-9a-f]{12})/.exec(printed)?.[1] ?? '';
    expect(apiKey).not.toBe('');
    const login = await loginWithApiKey(apiKey);
    expect(login.status).toBe(200);
    out.length = 0;
    expect(await dtl(['apikey', 'list', '--data', gw.dataDir], io)).toBe(0);
    expect(out.join('')).toContain(id);
    expect(out.join('')).not.toContain(apiKey);
    expect(await dtl(['apikey', 'revoke', id, '--data', gw.dataDir], io)).toBe(0);
    await wait(CACHE_MS);
    expect((await me(login.token)).status).toBe(401);
    const refused = await loginWithApiKey(apiKey);
    expect(refused.status).toBe(401);
    expect(refused.message).toContain('revoked');

    const shortLived = gw.keystore.apiKeys.create(department, keyId, new Date(Date.now() + 1500));
    const early = await loginWithApiKey(shortLived.apiKey);
    expect(early.status).toBe(200);
    await wait(CACHE_MS);
    expect((await me(early.token)).status).toBe(401);
    expect((await loginWithApiKey(shortLived.apiKey)).message).toContain('expired');
    // Refused inputs to the CLI: no expiry in the past, no unknown id.
    expect(await dtl(['apikey', 'create', '--data', gw.dataDir, '--department', department, '--key-id', keyId, '--expires', '2020-01-01T00:00:00Z'], io)).toBe(2);
    expect(await dtl(['apikey', 'revoke', 'ak-000000000000', '--data', gw.dataDir], io)).toBe(2);
  });

  it('tokens that name no source are refused, and demo API keys are refused in production mode', async () => {
    const bare = jwt.sign({ sub: 'sh-samr' }, TEST_SECRET, { algorithm: 'HS256', issuer: 'dtl-gateway', audience: 'dtl-api', expiresIn: 60 });
    expect((await me(bare)).status).toBe(401);
    const production = createServer({ ledger: gw.ledger, keystore: gw.keystore, jwtSecret: TEST_SECRET, production: true });
    const res = await request(production.app).post('/api/v1/auth/token').send({ apiKey: demoApiKey('ah-la-hs-nyj') });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('demo API keys are refused in production mode');
    // A token obtained with the demo key in development is refused by the production server too.
    const dev = await loginWithApiKey(demoApiKey('ah-la-hs-nyj'));
    expect(dev.status).toBe(200);
    expect((await request(production.app).get('/api/v1/auth/me').set('authorization', `Bearer ${dev.token}`)).status).toBe(401);
  });
});
