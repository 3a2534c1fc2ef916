import request from 'supertest';
import { guapianRegistration } from '@dtl/fixtures';
import { startTestGateway, type TestGateway } from './test-support';

let gw: TestGateway;
const COOP = 'ah-la-jz-coop-guapian';

beforeAll(async () => {
  gw = await startTestGateway({ fixtures: true });
});
afterAll(async () => {
  await gw.close();
});

function traceEvaluations(spy: jest.SpyInstance): number {
  return spy.mock.calls.filter(([req]) => (req as { contract: string; transaction: string }).contract === 'trace' && (req as { transaction: string }).transaction === 'trace').length;
}

describe('public trace lookups', () => {
  it('concurrent lookups of one batch at one height share one evaluation; a new block brings a new one', async () => {
    const spy = jest.spyOn(gw.ledger, 'evaluate');
    try {
      const first = await Promise.all(Array.from({ length: 16 }, () => request(gw.server.app).get('/api/v1/trace/LA-GP-CACHE-1')));
      expect(first.map((res) => res.status)).toEqual(Array(16).fill(200));
      expect(new Set(first.map((res) => res.text)).size).toBe(1);
      expect(first[0]?.body.verdict).toBe('unknown');
      expect(traceEvaluations(spy)).toBe(1);

      const token = await gw.token(COOP);
      const record = guapianRegistration('cache-reg-1', 'LA-GP-CACHE-1');
      const reg = await request(gw.server.app).post('/api/v1/batches').set({ Authorization: `Bearer ${token}` }).send({ record });
      expect(reg.status).toBe(201);

      const after = await Promise.all(Array.from({ length: 8 }, () => request(gw.server.app).get('/api/v1/trace/LA-GP-CACHE-1')));
      expect(after.map((res) => res.status)).toEqual(Array(8).fill(200));
      expect(after[0]?.body.verdict).not.toBe('unknown');
      expect(traceEvaluations(spy)).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('a cached answer carries the ETag of the first (computed once) and answers 304 to If-None-Match', async () => {
    const first = await request(gw.server.app).get('/api/v1/trace/LA-GP-CACHE-3');
    const hit = await request(gw.server.app).get('/api/v1/trace/LA-GP-CACHE-3');
    expect(first.status).toBe(200);
    expect(hit.status).toBe(200);
    expect(hit.text).toBe(first.text);
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(hit.headers.etag).toBe(first.headers.etag);
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
    const conditional = await request(gw.server.app).get('/api/v1/trace/LA-GP-CACHE-3').set('If-None-Match', String(first.headers.etag));
    expect(conditional.status).toBe(304);
  });

  it('an evaluation that fails is not cached', async () => {
    const spy = jest.spyOn(gw.ledger, 'evaluate').mockRejectedValueOnce(new Error('boom'));
    try {
      const failed = await request(gw.server.app).get('/api/v1/trace/LA-GP-CACHE-2');
      expect(failed.status).toBe(500);
      const retried = await request(gw.server.app).get('/api/v1/trace/LA-GP-CACHE-2');
      expect(retried.status).toBe(200);
      expect(traceEvaluations(spy)).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});
