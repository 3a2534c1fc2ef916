/**
 * Joint-punishment feedback through the HTTP API: the refused write still answers 422 SUBJECT_BLACKLISTED, its txId
 * resolves to a committed transaction, and the issuing department (and an auditor) can list where its entry bit.
 */
import request from 'supertest';
import { startTestGateway, type TestGateway } from './test-support';

let gw: TestGateway;
const HOLDER = { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' };

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.close();
});

describe('joint-punishment feedback over HTTP', () => {
  it('refuses 422 with a txId that resolves, and the issuer lists the feedback', async () => {
    const samr = { Authorization: `Bearer ${await gw.token('sh-samr')}` };
    const entry = await request(gw.server.app)
      .post('/api/v1/credit/entries')
      .set(samr)
      .send({ record: { type: 'credit.entry', id: 'jp-entry-1', department: 'sh-samr', list: 'black', subject: HOLDER, category: 'food-drug-safety', legalBasis: '《中华人民共和国食品安全法》第一百三十五条', measures: ['no-licence:food-business'], validFrom: '2025-01-01T00:00:00Z' } });
    expect(entry.status).toBe(201);

    const issuer = { Authorization: `Bearer ${await gw.token('zj-hz-sjj')}` };
    const licence = { type: 'licence.issue', id: 'jp-lic-1', department: 'zj-hz-sjj', number: 'JY13301000000991', licenceType: 'food-business', holder: HOLDER, title: '食品经营许可证', validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z', fileDigest: 'ab'.repeat(32) };
    const refused = await request(gw.server.app).post('/api/v1/licences').set(issuer).send({ record: licence });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'SUBJECT_BLACKLISTED', details: { feedbackId: expect.stringMatching(/^jpf-/) } });
    expect(refused.body.error.message).toContain('jp-entry-1');
    const txId = String(refused.body.error.details.txId);

    const tx = await request(gw.server.app).get(`/api/v1/transactions/${txId}`).set(issuer);
    expect(tx.status).toBe(200);
    expect(JSON.stringify(tx.body)).toContain('jp-lic-1');
    // No licence was issued.
    expect((await request(gw.server.app).get('/api/v1/licences/JY13301000000991').set(issuer)).status).toBe(404);

    const feedback = await request(gw.server.app).get('/api/v1/credit/feedback/issuer/sh-samr').set(samr);
    expect(feedback.status).toBe(200);
    expect(feedback.body).toEqual([expect.objectContaining({ txId, action: 'licence:food-business', refusedRecordId: 'jp-lic-1', refusedFor: 'zj-hz-sjj', issuers: ['sh-samr'] })]);
    const auditor = { Authorization: `Bearer ${await gw.token('zj-hz-sjj')}` };
    expect((await request(gw.server.app).get(`/api/v1/credit/feedback/subject/${HOLDER.creditCode}`).set(auditor)).body).toHaveLength(1);
  });
});
