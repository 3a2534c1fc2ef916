/**
 * No cap on the owners an answer is checked for: a holder with 1,001 licences, the last of another province, is
 * not served across provinces without its access record (before issue 12 the owner search stopped at 1,000 items).
 */
import request from 'supertest';
import { sm3Hex } from '@dtl/chaincode/crypto';
import { startTestGateway, type TestGateway } from './test-support';

const HOLDER = { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' };
let gw: TestGateway;

async function issue(department: string, number: string): Promise<void> {
  const record = await gw.keystore.sign(department, {
    type: 'licence.issue', id: `own-${number}`, department, number, licenceType: 'business-licence', holder: HOLDER,
    title: '营业执照', validFrom: '2025-01-01T00:00:00Z', validTo: '2035-01-01T00:00:00Z', fileDigest: sm3Hex(number),
  });
  await gw.ledger.submit({ identity: { province: department.startsWith('sh-') ? 'shanghai' : 'zhejiang', role: 'client' }, contract: 'licence', transaction: 'issue', args: [JSON.stringify(record)] });
}

beforeAll(async () => {
  gw = await startTestGateway();
  const numbers = Array.from({ length: 1000 }, (_, i) => `AAA${String(i).padStart(5, '0')}`);
  for (let i = 0; i < numbers.length; i += 100) await Promise.all(numbers.slice(i, i + 100).map((n) => issue('sh-samr', n)));
  await issue('zj-hz-sjj', 'ZZZ00001'); // the 1,001st licence in key order, issued in Zhejiang
}, 180_000);
afterAll(async () => {
  await gw?.close();
});

it('a Shanghai reader of the 1,001 licences is refused for the Zhejiang one, and the refusal is recorded', async () => {
  const res = await request(gw.server.app).get(`/api/v1/licences?holder=${HOLDER.creditCode}`).set('Authorization', `Bearer ${await gw.token('sh-samr')}`).set('X-DTL-Purpose', 'audit');
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe('GRANT_REQUIRED');
  expect(res.body.error.details.accessRecordId).toMatch(/^access-/);
  const own = await request(gw.server.app).get(`/api/v1/licences?holder=${HOLDER.creditCode}`).set('Authorization', `Bearer ${await gw.token('zj-hz-sjj')}`).set('X-DTL-Purpose', 'audit');
  expect(own.status).toBe(403); // and Zhejiang, for the 1,000 Shanghai licences
}, 60_000);
