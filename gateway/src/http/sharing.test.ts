import request from 'supertest';
import { startTestGateway, type TestGateway } from './test-support';

const CODE = '91310115MA1FL6X20M'; // a Shanghai company: sh-samr lists subjects of its own province (jurisdiction)
let gw: TestGateway;
let auth: (department: string) => Promise<{ Authorization: string }>;

beforeAll(async () => {
  gw = await startTestGateway();
  auth = async (department) => ({ Authorization: `Bearer ${await gw.token(department)}` });
  // sh-samr (Shanghai) black-lists a company, e-seal path (the gateway signs with sh-samr's keystore key)
  const res = await request(gw.server.app)
    .post('/api/v1/credit/entries')
    .set(await auth('sh-samr'))
    .send({
      record: {
        type: 'credit.entry',
        id: 'entry-1',
        department: 'sh-samr',
        list: 'black',
        subject: { kind: 'organisation', creditCode: CODE, name: '杭州示例建设有限公司' },
        category: 'public-resource-trading-fraud',
        legalBasis: '《中华人民共和国招标投标法》第五十三条',
        measures: ['no-bidding'],
        validFrom: '2025-01-01T00:00:00Z',
        validTo: '2030-01-01T00:00:00Z',
      },
    });
  if (res.status !== 201) throw new Error(`credit entry: ${res.status} ${JSON.stringify(res.body)}`);
});
afterAll(async () => {
  await gw.close();
});

describe('cross-region reads', () => {
  it('a same-province read writes no access record', async () => {
    const res = await request(gw.server.app).get('/api/v1/credit/entries/entry-1').set(await auth('sh-samr'));
    expect(res.status).toBe(200);
    expect(res.headers['x-dtl-access-records']).toBeUndefined();
  });

  it('another province needs a purpose, is refused without a grant (403 GRANT_REQUIRED), and the refusal is on the ledger', async () => {
    const noPurpose = await request(gw.server.app).get('/api/v1/credit/entries/entry-1').set(await auth('ah-la-hs-nyj'));
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.error.code).toBe('PURPOSE_REQUIRED');
    const refused = await request(gw.server.app).get('/api/v1/credit/entries/entry-1').set(await auth('ah-la-hs-nyj')).set('X-DTL-Purpose', encodeURIComponent('执法协查'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('GRANT_REQUIRED');
    expect(refused.body).not.toHaveProperty('entryId');
    const accessId = refused.body.error.details.accessRecordId as string;
    const audit = await request(gw.server.app).get('/api/v1/audit/reads/refused').set(await auth('zj-hz-sjj'));
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(accessId);
  });

  it('conditional data: refused without a grant, allowed after request + approval, with the grant named', async () => {
    const purpose = encodeURIComponent('长三角信用联合奖惩核查');
    const cat = await request(gw.server.app)
      .post('/api/v1/sharing/catalogue')
      .set(await auth('sh-samr'))
      .send({ record: { type: 'sharing.catalogue', id: 'cat-credit-cond', department: 'sh-samr', resourceId: 'sh-samr-credit', family: 'credit', title: '失信主体名单', description: '主体、类别、措施', mode: 'conditional', conditions: '需说明事由' } });
    expect(cat.status).toBe(201);
    const refused = await request(gw.server.app).get('/api/v1/credit/entries/entry-1').set(await auth('zj-hz-sjj')).set('X-DTL-Purpose', purpose);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason).toBe('no-grant');
    const req = await request(gw.server.app)
      .post('/api/v1/sharing/requests')
      .set(await auth('zj-hz-sjj'))
      .send({ record: { type: 'sharing.request', id: 'req-zj-1', department: 'zj-hz-sjj', owner: 'sh-samr', resourceId: 'sh-samr-credit', purpose: '联合惩戒核查', until: '2099-01-01T00:00:00Z' } });
    expect(req.status).toBe(201);
    const pending = await request(gw.server.app).get('/api/v1/sharing/requests?owner=sh-samr').set(await auth('sh-samr'));
    expect(JSON.stringify(pending.body)).toContain('req-zj-1');
    const grant = await request(gw.server.app)
      .post('/api/v1/sharing/grants')
      .set(await auth('sh-samr'))
      .send({ record: { type: 'sharing.grant', id: 'grant-zj-1', department: 'sh-samr', requestId: 'req-zj-1', decision: 'approved', validFrom: '2025-01-01T00:00:00Z', validTo: '2099-01-01T00:00:00Z', reason: '同意' } });
    expect(grant.status).toBe(201);
    const allowed = await request(gw.server.app).get('/api/v1/credit/entries/entry-1').set(await auth('zj-hz-sjj')).set('X-DTL-Purpose', purpose);
    expect(allowed.status).toBe(200);
    expect(JSON.stringify(allowed.body)).toContain('entry-1');
    const reads = await request(gw.server.app).get('/api/v1/audit/reads/by/zj-hz-sjj').set(await auth('zj-hz-sjj'));
    expect(JSON.stringify(reads.body)).toContain('grant-zj-1');
  });

  it('the owner shares credit unconditionally; the read is allowed and recorded with its basis', async () => {
    const cat = await request(gw.server.app)
      .post('/api/v1/sharing/catalogue')
      .set(await auth('sh-samr'))
      .send({ record: { type: 'sharing.catalogue', id: 'cat-credit-open', department: 'sh-samr', resourceId: 'sh-samr-credit', family: 'credit', title: '失信主体名单', description: '主体、类别、措施、有效期', mode: 'unconditional' } });
    expect(cat.status).toBe(201);
    const res = await request(gw.server.app).get('/api/v1/credit/subjects/' + CODE).set(await auth('ah-la-hs-nyj')).set('X-DTL-Purpose', encodeURIComponent('招投标资格审查'));
    expect(res.status).toBe(200);
    expect(res.body.blacklisted).toBe(true);
    expect(res.headers['x-dtl-access-records']).toMatch(/^access-/);
    const pairs = await request(gw.server.app).get('/api/v1/audit/reads/by-province-pair').set(await auth('zj-hz-sjj'));
    expect(JSON.stringify(pairs.body)).toContain('anhui');
  });

  it('audit queries need the auditor role', async () => {
    const res = await request(gw.server.app).get('/api/v1/audit/reads/refused').set(await auth('js-nj-ggzy'));
    expect(res.status).toBe(403);
  });
});

describe('GET /records/:id across provinces', () => {
  it('records the read of a credit record of another province; registry records are not access-recorded', async () => {
    const credit = await request(gw.server.app).get('/api/v1/records/entry-1').set(await auth('ah-la-hs-nyj')).set('X-DTL-Purpose', 'audit');
    expect(credit.status).toBe(200);
    expect(credit.body.accessRecords).toHaveLength(1);
    expect(credit.body.proof.record.id).toBe('entry-1');
    const registry = await request(gw.server.app).get('/api/v1/records/reg-sh-samr').set(await auth('ah-la-hs-nyj'));
    expect(registry.status).toBe(200);
    expect(registry.body.accessRecords).toEqual([]);
  });
});
