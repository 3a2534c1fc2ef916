import request from 'supertest';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { verifyProof } from '../proof/verify';
import type { Proof } from '../proof/types';
import { startTestGateway, type TestGateway } from './test-support';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.close();
});

describe('ops endpoints', () => {
  it('GET /healthz gives status, ledger kind and height', async () => {
    const res = await request(gw.server.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', ledger: 'embedded' });
    expect(res.body.height).toBeGreaterThan(0);
    expect(res.headers['x-request-id']).toMatch(/.+/);
  });
  it('echoes a valid X-Request-Id', async () => {
    const res = await request(gw.server.app).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
  });
  it('serves openapi.json, /docs and /metrics', async () => {
    const doc = await request(gw.server.app).get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/credit/entries', '/api/v1/trace/{batchId}', '/api/v1/blocks/{number}']));
    const docs = await request(gw.server.app).get('/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
    const metrics = await request(gw.server.app).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('dtl_http_requests_total');
    expect(metrics.text).toContain('dtl_ledger_height');
  });
  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(gw.server.app).get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('departments, keys, records', () => {
  it('lists and gets departments from the ledger registry', async () => {
    const token = await gw.token('sh-samr');
    const list = await request(gw.server.app).get('/api/v1/departments?province=anhui').set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect((list.body as Array<{ id: string }>).map((d) => d.id)).toEqual(expect.arrayContaining(['ah-la-hs-nyj', 'ah-gateway']));
    const one = await request(gw.server.app).get('/api/v1/departments/js-nj-ggzy').set('Authorization', `Bearer ${token}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 'js-nj-ggzy', province: 'jiangsu', roles: ['trading-centre'] });
    const missing = await request(gw.server.app).get('/api/v1/departments/nobody').set('Authorization', `Bearer ${token}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const key = await request(gw.server.app).get('/api/v1/keys/sh-samr%231').set('Authorization', `Bearer ${token}`);
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({ department: 'sh-samr', status: 'valid' });
    // Registered public keys are public, so a consumer's phone can re-check signatures without a login.
    const anonymous = await request(gw.server.app).get('/api/v1/keys/sh-samr%231');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual(key.body);
    expect((await request(gw.server.app).get('/api/v1/keys/nobody%231')).status).toBe(404);
    // …but the rest of the registry still needs a token.
    expect((await request(gw.server.app).get('/api/v1/departments/sh-samr')).status).toBe(401);
  });

  it('rotates a key with a record signed by the department (SDK path) and returns a proof that verifies offline', async () => {
    const token = await gw.token('zj-hz-sjj');
    const pair = sm2GenerateKeyPair();
    const held = gw.keystore.keyFor('zj-hz-sjj');
    if (!held) throw new Error('no key');
    const record = signRecord(
      { type: 'department.key.rotate', id: 'rot-zj-hz-sjj-2', department: 'zj-hz-sjj', key: { keyId: 'zj-hz-sjj#2', publicKey: bytesToHex(pair.publicKey), validFrom: '2025-01-01T00:00:00Z' } },
      { privateKey: held.privateKey, keyId: held.keyId },
    );
    const res = await request(gw.server.app).post('/api/v1/departments/zj-hz-sjj/keys').set('Authorization', `Bearer ${token}`).send({ record });
    expect(res.status).toBe(201);
    const proof = res.body.proof as Proof;
    expect(proof).toMatchObject({ txId: res.body.receipt.txId, signerKeyId: 'zj-hz-sjj#1', record });
    expect(proof.header).toMatchObject({ number: proof.blockNumber, hashAlgorithm: 'sm3' });
    const verdict = verifyProof(proof, { number: proof.blockNumber, hash: proof.blockHash });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.valid).toBe(true);

    // the same record again is a replay
    const again = await request(gw.server.app).post('/api/v1/departments/zj-hz-sjj/keys').set('Authorization', `Bearer ${token}`).send({ record });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REPLAYED');

    // GET /records/:id returns the same proof material; the block and transaction endpoints agree
    const got = await request(gw.server.app).get('/api/v1/records/rot-zj-hz-sjj-2').set('Authorization', `Bearer ${token}`);
    expect(got.status).toBe(200);
    expect(got.body.proof.blockHash).toBe(proof.blockHash);
    const block = await request(gw.server.app).get(`/api/v1/blocks/${proof.blockNumber}`).set('Authorization', `Bearer ${token}`);
    expect(block.body.hash).toBe(proof.blockHash);
    const tx = await request(gw.server.app).get(`/api/v1/transactions/${proof.txId}`).set('Authorization', `Bearer ${token}`);
    expect(tx.body).toMatchObject({ txId: proof.txId, blockNumber: proof.blockNumber, validationCode: 'VALID' });
    const blocks = await request(gw.server.app).get('/api/v1/blocks?limit=5').set('Authorization', `Bearer ${token}`);
    expect(blocks.body.blocks[0].number).toBe(blocks.body.height - 1);
  });

  it('a tampered proof does not verify', async () => {
    const token = await gw.token('sh-samr');
    const got = await request(gw.server.app).get('/api/v1/records/reg-sh-samr').set('Authorization', `Bearer ${token}`);
    expect(got.status).toBe(200);
    const proof = got.body.proof as Proof;
    expect(verifyProof(proof).valid).toBe(true);
    const tampered = { ...proof, record: { ...proof.record, nameEn: 'Someone else' } } as Proof;
    const verdict = verifyProof(tampered);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'record-signature')?.ok).toBe(false);
    expect(verifyProof(proof, { number: proof.blockNumber, hash: '00'.repeat(32) }).valid).toBe(false);
  });

  it('signs an unsigned record with the department e-seal key (server path)', async () => {
    const token = await gw.token('ah-la-hs-nyj');
    const res = await request(gw.server.app)
      .post('/api/v1/departments/ah-la-hs-nyj/keys')
      .set('Authorization', `Bearer ${token}`)
      .send({ record: { type: 'department.key.revoke', id: 'revoke-nothing-1', department: 'ah-la-hs-nyj', keyId: 'ah-la-hs-nyj#9', reason: 'superseded' } });
    // the e-seal signature is accepted by the chaincode; the key it names does not exist → 404 from the contract
    expect([201, 404, 409]).toContain(res.status);
    expect(res.body.error?.code ?? 'OK').not.toBe('SIGNATURE_INVALID');
  });
});

describe('refusals on writes', () => {
  it('refuses without a token', async () => {
    const res = await request(gw.server.app).post('/api/v1/records').send({ record: { type: 'department.key.revoke', id: 'x', department: 'sh-samr' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
  it('refuses a record of another department (wrong department)', async () => {
    const token = await gw.token('sh-samr');
    const res = await request(gw.server.app).post('/api/v1/records').set('Authorization', `Bearer ${token}`).send({ record: { type: 'department.key.revoke', id: 'x1', department: 'js-nj-ggzy', keyId: 'js-nj-ggzy#1', reason: 'superseded' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('NOT_AUTHORISED');
  });
  it('refuses a forged signature', async () => {
    const token = await gw.token('sh-samr');
    const forger = sm2GenerateKeyPair();
    const record = signRecord({ type: 'department.key.revoke', id: 'forged-1', department: 'sh-samr', keyId: 'sh-samr#1', reason: 'key-compromise' }, { privateKey: forger.privateKey, keyId: 'sh-samr#1' });
    const res = await request(gw.server.app).post('/api/v1/records').set('Authorization', `Bearer ${token}`).send({ record });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SIGNATURE_INVALID');
  });
  it('refuses malformed bodies with 400 naming each field', async () => {
    const token = await gw.token('sh-samr');
    const cases: unknown[] = [{}, { record: 'x' }, { record: { type: 1, id: '', department: 'sh samr' } }, { record: { type: 'a', id: 'b', department: 'sh-samr' }, extra: 1 }];
    for (const body of cases) {
      const res = await request(gw.server.app).post('/api/v1/records').set('Authorization', `Bearer ${token}`).send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_ARGUMENT');
      expect(Array.isArray(res.body.error.details)).toBe(true);
    }
    const fields = await request(gw.server.app).post('/api/v1/records').set('Authorization', `Bearer ${token}`).send({ record: { type: 1, id: '', department: 'sh samr' } });
    expect([...new Set((fields.body.error.details as Array<{ field: string }>).map((d) => d.field))].sort()).toEqual(['body.record.department', 'body.record.id', 'body.record.type']);
    const infinite = await request(gw.server.app).post('/api/v1/records').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"record":{"type":"credit.entry","id":"n","department":"sh-samr","validFrom":1e999}}');
    expect(infinite.status).toBe(400);
    expect(infinite.body.error.details[0].field).toBe('body.record');
    const broken = await request(gw.server.app).post('/api/v1/records').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"record": ');
    expect(broken.status).toBe(400);
    const huge = await request(gw.server.app).post('/api/v1/records').set('Authorization', `Bearer ${token}`).send({ record: { type: 'x', id: 'y', department: 'sh-samr', blob: 'a'.repeat(300 * 1024) } });
    expect(huge.status).toBe(413);
  });
  it('refuses a record type on the wrong route and a registry write by a non-gateway department', async () => {
    const token = await gw.token('sh-samr');
    const wrong = await request(gw.server.app).post('/api/v1/credit/entries').set('Authorization', `Bearer ${token}`).send({ record: { type: 'department.key.revoke', id: 'w1', department: 'sh-samr' } });
    expect(wrong.status).toBe(400);
    const reg = await request(gw.server.app).post('/api/v1/departments').set('Authorization', `Bearer ${token}`).send({ record: { type: 'department.register', id: 'r1', department: 'sh-new', province: 'shanghai' } });
    expect(reg.status).toBe(403);
  });
  it('refuses an invalid chaincode record with 400 from the contract', async () => {
    const token = await gw.token('sh-samr');
    const res = await request(gw.server.app).post('/api/v1/records').set('Authorization', `Bearer ${token}`).send({ record: { type: 'department.key.revoke', id: 'bad-1', department: 'sh-samr', keyId: 'sh-samr#1', reason: 'because' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect(res.body.error.message).toContain('reason');
  });
});

describe('e-seal key rotation', () => {
  it('generates the next key in the keystore, supersedes the current one on the ledger, and e-seal signing continues with it', async () => {
    const token = await gw.token('js-nj-ggzy');
    const before = gw.keystore.keyFor('js-nj-ggzy')?.keyId;
    const res = await request(gw.server.app).post('/api/v1/departments/js-nj-ggzy/keys/eseal-rotation').set('Authorization', `Bearer ${token}`).send({});
    expect(res.status).toBe(201);
    expect(res.body.superseded).toBe(before);
    expect(gw.keystore.keyFor('js-nj-ggzy')?.keyId).toBe(res.body.keyId);
    expect(verifyProof(res.body.proof).valid).toBe(true);
    const old = await request(gw.server.app).get(`/api/v1/keys/${encodeURIComponent(before ?? '')}`).set('Authorization', `Bearer ${token}`);
    expect(old.body.status).toBe('revoked');
    const next = await request(gw.server.app).get(`/api/v1/keys/${encodeURIComponent(res.body.keyId as string)}`).set('Authorization', `Bearer ${token}`);
    expect(next.body.status).toBe('valid');
    const other = await request(gw.server.app).post('/api/v1/departments/sh-samr/keys/eseal-rotation').set('Authorization', `Bearer ${token}`).send({});
    expect(other.status).toBe(403);
  });
});
