import jwt from 'jsonwebtoken';
import request from 'supertest';
import { bytesToHex, sm2GenerateKeyPair, sm2Sign, utf8Encode } from '@dtl/chaincode/crypto';
import { JWT_AUDIENCE, JWT_ISSUER } from './auth';
import { TEST_SECRET, startTestGateway, type TestGateway } from './test-support';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.close();
});

async function me(token: string): Promise<request.Response> {
  return request(gw.server.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
}

describe('SM2 challenge login', () => {
  it('issues a token for a challenge signed with the department key registered on the ledger', async () => {
    const key = gw.keystore.keyFor('js-nj-ggzy');
    if (!key) throw new Error('no key');
    const { body } = await request(gw.server.app).post('/api/v1/auth/challenge').send({ department: 'js-nj-ggzy' });
    expect(body.challenge).toMatch(/^dtl-auth:1:js-nj-ggzy:/);
    const signature = bytesToHex(sm2Sign(utf8Encode(body.challenge), key.privateKey));
    const res = await request(gw.server.app).post('/api/v1/auth/token').send({ department: 'js-nj-ggzy', challenge: body.challenge, keyId: key.keyId, signature });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', department: 'js-nj-ggzy' });
    const who = await me(res.body.token);
    expect(who.body).toMatchObject({ department: 'js-nj-ggzy', province: 'jiangsu', roles: ['trading-centre'] });
    // a challenge is single-use
    const again = await request(gw.server.app).post('/api/v1/auth/token').send({ department: 'js-nj-ggzy', challenge: body.challenge, keyId: key.keyId, signature });
    expect(again.status).toBe(401);
  });

  it('refuses a signature by another key, a key of another department, and an unknown challenge', async () => {
    const other = sm2GenerateKeyPair();
    const key = gw.keystore.keyFor('js-nj-ggzy');
    if (!key) throw new Error('no key');
    const c1 = (await request(gw.server.app).post('/api/v1/auth/challenge').send({ department: 'js-nj-ggzy' })).body.challenge as string;
    const forged = await request(gw.server.app).post('/api/v1/auth/token').send({ department: 'js-nj-ggzy', challenge: c1, keyId: key.keyId, signature: bytesToHex(sm2Sign(utf8Encode(c1), other.privateKey)) });
    expect(forged.status).toBe(401);
    const shKey = gw.keystore.keyFor('sh-samr');
    if (!shKey) throw new Error('no key');
    const c2 = (await request(gw.server.app).post('/api/v1/auth/challenge').send({ department: 'js-nj-ggzy' })).body.challenge as string;
    const wrongDept = await request(gw.server.app).post('/api/v1/auth/token').send({ department: 'js-nj-ggzy', challenge: c2, keyId: shKey.keyId, signature: bytesToHex(sm2Sign(utf8Encode(c2), shKey.privateKey)) });
    expect(wrongDept.status).toBe(401);
    const unknown = await request(gw.server.app).post('/api/v1/auth/token').send({ department: 'js-nj-ggzy', challenge: 'dtl-auth:1:js-nj-ggzy:00', keyId: key.keyId, signature: 'ab'.repeat(40) });
    expect(unknown.status).toBe(401);
    const badKey = await request(gw.server.app).post('/api/v1/auth/token').send({ apiKey: 'dtl-demo-nobody-at-all' });
    expect(badKey.status).toBe(401);
    const malformed = await request(gw.server.app).post('/api/v1/auth/token').send({ department: 'js-nj-ggzy', signature: 'zz' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('JWT refusals', () => {
  // A token names the key it came from (credentials.ts); the demo departments hold `<id>#1`.
  const claims = { sub: 'sh-samr', src: { kind: 'key', keyId: 'sh-samr#1' } };
  const good = { algorithm: 'HS256' as const, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: 60 };

  it('accepts a well-formed token', async () => {
    expect((await me(jwt.sign(claims, TEST_SECRET, good))).status).toBe(200);
  });
  it('refuses alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(JSON.stringify({ sub: 'sh-samr', iss: JWT_ISSUER, aud: JWT_AUDIENCE, iat: now, exp: now + 60 })).toString('base64url');
    expect((await me(`${header}.${payload}.`)).status).toBe(401);
  });
  it('refuses a token signed with another key, another algorithm, expired, for another audience or issuer, or tampered', async () => {
    const wrongKey = jwt.sign(claims, 'another-secret-another-secret-another-00', good);
    const hs512 = jwt.sign(claims, TEST_SECRET, { ...good, algorithm: 'HS512' });
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_SECRET, { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE });
    const audience = jwt.sign(claims, TEST_SECRET, { ...good, audience: 'someone-else' });
    const issuer = jwt.sign(claims, TEST_SECRET, { ...good, issuer: 'someone-else' });
    const [h, p, s] = jwt.sign(claims, TEST_SECRET, good).split('.');
    const tamperedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), sub: 'ah-la-hs-nyj' })).toString('base64url');
    for (const token of [wrongKey, hs512, expired, audience, issuer, `${h}.${tamperedPayload}.${s}`, 'garbage', '']) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
  it('takes province and roles from the ledger, not from token claims', async () => {
    const token = jwt.sign({ sub: 'js-nj-ggzy', src: { kind: 'key', keyId: 'js-nj-ggzy#1' }, roles: ['auditor'], province: 'shanghai' }, TEST_SECRET, good);
    const who = await me(token);
    expect(who.body).toMatchObject({ province: 'jiangsu', roles: ['trading-centre'] });
    const audit = await request(gw.server.app).get('/api/v1/audit/reads/refused').set('Authorization', `Bearer ${token}`);
    expect(audit.status).toBe(403);
  });
  it('refuses a token for a department that is not registered', async () => {
    expect((await me(jwt.sign({ sub: 'ghost' }, TEST_SECRET, good))).status).toBe(401);
  });
});
