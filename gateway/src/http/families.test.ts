import request from 'supertest';
import { CATALOGUE, LICENCE_ISSUES, guapianRegistration, licenceFileDigest } from '@dtl/fixtures';
import { verifyProof } from '../proof/verify';
import { startTestGateway, type TestGateway } from './test-support';

let gw: TestGateway;
let auth: (department: string) => Promise<{ Authorization: string }>;
const COOP = 'ah-la-jz-coop-guapian';

beforeAll(async () => {
  gw = await startTestGateway({ fixtures: true, publicRateLimitPerMinute: 40 });
  auth = async (department) => ({ Authorization: `Bearer ${await gw.token(department)}` });
});
afterAll(async () => {
  await gw.close();
});

describe('fixtures through the start-up path', () => {
  it('loads every fixture department and its demo API key', async () => {
    const res = await request(gw.server.app).get('/api/v1/departments').set(await auth('sh-samr'));
    expect(res.status).toBe(200);
    expect((res.body as unknown[]).length).toBeGreaterThan(20);
  });

  it('gives the auditor a read-only identity: it reads and audits, but the gateway holds no key to sign for it', async () => {
    const headers = await auth('sh-sjj');
    expect(gw.keystore.keyFor('sh-sjj')).toBeUndefined();
    const audit = await request(gw.server.app).get('/api/v1/audit/reads/by-province-pair').set(headers).set('X-DTL-Purpose', 'audit');
    expect(audit.status).toBe(200);
    const me = await request(gw.server.app).get('/api/v1/auth/me').set(headers);
    expect(me.body).toMatchObject({ department: 'sh-sjj', roles: ['auditor'], eSeal: null });
    const wellFormed = { ...(CATALOGUE[0] as Record<string, unknown>), id: 'auditor-tries-to-write', department: 'sh-sjj' };
    const write = await request(gw.server.app).post('/api/v1/records').set(headers).send({ record: wellFormed });
    expect(write.status).toBeGreaterThanOrEqual(400);
    expect(write.status).toBeLessThan(500);
    expect(write.body.error.code).toBe('NO_ESEAL_KEY');
  });
});

describe('licences', () => {
  const licence = LICENCE_ISSUES[1] as { number: string; department: string };
  it('reads a licence of the own province, and verifies one publicly by number + digest', async () => {
    const res = await request(gw.server.app).get(`/api/v1/licences/${licence.number}`).set(await auth('ah-cz-mg-scjgj'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number: licence.number, issuer: 'ah-cz-mg-scjgj' });
    const ok = await request(gw.server.app).get(`/api/v1/licences/${licence.number}/verify?digest=${licenceFileDigest(licence.number)}`);
    expect(ok.status).toBe(200);
    expect(ok.body.result).toBe('valid');
    expect(ok.body.proof.record.number).toBe(licence.number);
    expect(verifyProof(ok.body.proof).valid).toBe(true);
    const mismatch = await request(gw.server.app).get(`/api/v1/licences/${licence.number}/verify?digest=${'0'.repeat(64)}`);
    expect(mismatch.status).toBe(200);
    expect(JSON.stringify(mismatch.body)).toContain('digest-mismatch');
    const bad = await request(gw.server.app).get(`/api/v1/licences/${licence.number}/verify?digest=xyz`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('query.digest');
  });
  it('a Shanghai department reading an Anhui licence goes through the sharing contract', async () => {
    const res = await request(gw.server.app).get(`/api/v1/licences/${licence.number}`).set(await auth('sh-samr')).set('X-DTL-Purpose', encodeURIComponent('跨省执法协查'));
    expect([200, 403]).toContain(res.status);
    if (res.status === 200) expect(res.headers['x-dtl-access-records']).toMatch(/^access-/);
    else expect(res.body.error.code).toBe('GRANT_REQUIRED');
  });
});

describe('traceability', () => {
  const batch = guapianRegistration('gw-reg-1', 'LA-GP-GW-001', 500);

  it('registers a batch (e-seal), appends an event, serves the public trace and the QR code', async () => {
    const reg = await request(gw.server.app).post('/api/v1/batches').set(await auth(COOP)).send({ record: batch });
    expect(reg.status).toBe(201);
    expect(verifyProof(reg.body.proof).valid).toBe(true);
    const ev = await request(gw.server.app)
      .post('/api/v1/batches/LA-GP-GW-001/events')
      .set(await auth(COOP))
      .send({ record: { type: 'trace.event', id: 'gw-ev-1', department: COOP, batchId: 'LA-GP-GW-001', kind: 'harvest', occurredAt: '2025-03-01T00:00:00Z', details: { method: '一芽二叶手采' } } });
    expect(ev.status).toBe(201);
    const wrongPath = await request(gw.server.app)
      .post('/api/v1/batches/OTHER/events')
      .set(await auth(COOP))
      .send({ record: { type: 'trace.event', id: 'gw-ev-2', department: COOP, batchId: 'LA-GP-GW-001', kind: 'harvest', occurredAt: '2025-03-01T00:00:00Z', details: { method: 'x' } } });
    expect(wrongPath.status).toBe(400);

    const trace = await request(gw.server.app).get('/api/v1/trace/LA-GP-GW-001');
    expect(trace.status).toBe(200);
    expect(trace.body.verdict).toBe('genuine');
    const png = await request(gw.server.app).get('/api/v1/batches/LA-GP-GW-001/qr.png');
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const svg = await request(gw.server.app).get('/api/v1/batches/LA-GP-GW-001/qr.svg').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    const svgText = Buffer.isBuffer(svg.body) ? svg.body.toString('utf8') : String(svg.text ?? '');
    expect(svgText).toContain('<svg');
    const unknown = await request(gw.server.app).get('/api/v1/trace/NO-SUCH-BATCH');
    expect(unknown.status).toBe(200);
    expect(unknown.body.verdict).toBe('unknown');
  });

  it('a recall needs the regulator role', async () => {
    const recall = { type: 'trace.recall', id: 'gw-rc-0', department: COOP, batchId: 'LA-GP-GW-001', reason: 'r', legalBasis: 'b' };
    const res = await request(gw.server.app).post('/api/v1/recalls').set(await auth(COOP)).send({ record: recall });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('NOT_AUTHORISED');
  });

  it('rate-limits the public endpoints', async () => {
    let limited = 0;
    for (let i = 0; i < 45 && limited === 0; i++) {
      const res = await request(gw.server.app).get('/api/v1/trace/LA-GP-GW-001');
      if (res.status === 429) limited++;
    }
    expect(limited).toBe(1);
  });
});

describe('the demo tender through the tender routes', () => {
  it('runs in real time and is readable: tender, records, replayed result, expert pool', async () => {
    if (!gw.tender) throw new Error('no tender fixture');
    const committed = await gw.tender();
    expect(committed).toBeGreaterThan(20);
    const id = 'HFGGZY-2026-FW-0117';
    const centre = await auth('ah-hf-ggzy');
    const tender = await request(gw.server.app).get(`/api/v1/tenders/${id}`).set(centre);
    expect(tender.status).toBe(200);
    expect(JSON.stringify(tender.body)).toContain('awarded');
    const records = await request(gw.server.app).get(`/api/v1/tenders/${id}/records`).set(centre);
    expect(records.status).toBe(200);
    const result = await request(gw.server.app).get(`/api/v1/tenders/${id}/result`).set(centre);
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.body)).toContain(`${id}-bid-2`);
    // too late now: the bid deadline has passed (409), and a reveal that does not match its commitment
    const late = await request(gw.server.app)
      .post(`/api/v1/tenders/${id}/bids`)
      .set(centre)
      .send({ record: { type: 'tender.bid.commit', id: 'late-bid', department: 'ah-hf-ggzy', tenderId: id, bidderCreditCode: '91340100MA8P2K7D0B', bidderName: '迟到', commitment: 'ab'.repeat(32) } });
    expect(late.status).toBe(409);
    expect(['DEADLINE_PASSED', 'CONFLICT']).toContain(late.body.error.code);
  });
});

describe('tenders and experts', () => {
  it('lists the expert pool and answers 404 for an unknown tender', async () => {
    const pool = await request(gw.server.app).get('/api/v1/experts').set(await auth('js-nj-ggzy'));
    expect(pool.status).toBe(200);
    const missing = await request(gw.server.app).get('/api/v1/tenders/NO-SUCH').set(await auth('js-nj-ggzy'));
    expect(missing.status).toBe(404);
  });
});
