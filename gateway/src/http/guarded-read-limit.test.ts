/** Reads that write to the ledger are limited per department; a refused flood does not become a flood of writes. */
import request from 'supertest';
import { startTestGateway, type TestGateway } from './test-support';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ guardedReadsPerMinute: 3 });
  const res = await request(gw.server.app)
    .post('/api/v1/credit/entries')
    .set('Authorization', `Bearer ${await gw.token('sh-samr')}`)
    .send({ record: { type: 'credit.entry', id: 'limit-entry', department: 'sh-samr', list: 'black', subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' }, category: 'public-resource-trading-fraud', legalBasis: '《招标投标法》', measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z' } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
});
afterAll(async () => {
  await gw?.close();
});

it('refuses the reads over budget with 429 before writing anything; other departments keep their own budget', async () => {
  const read = async (department: string): Promise<number> =>
    (await request(gw.server.app).get('/api/v1/credit/entries/limit-entry').set('Authorization', `Bearer ${await gw.token(department)}`).set('X-DTL-Purpose', 'flood')).status;
  const start = await gw.ledger.height();
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) statuses.push(await read('ah-la-hs-nyj'));
  expect(statuses.filter((s) => s === 403)).toHaveLength(3); // refused (not catalogued) and recorded
  expect(statuses.filter((s) => s === 429)).toHaveLength(17); // over budget: nothing written
  let writes = 0;
  for (let n = start; n < (await gw.ledger.height()); n++) writes += (await gw.ledger.block(n))?.transactions.length ?? 0;
  expect(writes).toBe(3);
  expect(await read('zj-hz-sjj')).toBe(403);
  expect(await read('sh-samr')).toBe(200); // same province: no access record, no budget
});
