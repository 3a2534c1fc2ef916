/**
 * Issue 12 over HTTP on the real embedded ledger with the demo fixtures: a grant lets the named department read, one
 * access record per read, visible to the auditor and the owning department only, ended by the grant's expiry; an
 * answer with an allowed and a refused owner is refused and records only the refusal; the public licence check
 * answers a wrong digest with the verdict alone; blocks, transactions and /records show hash-only forms.
 */
import request from 'supertest';
import { COMPANIES } from '@dtl/fixtures';
import { sm3Hex } from '@dtl/chaincode/crypto';
import { startTestGateway, type TestGateway } from './test-support';
import { verifyProof } from '../proof/verify';
import type { Proof } from '../proof/types';

const PURPOSE = encodeURIComponent('联合惩戒核查');
let gw: TestGateway;
const auth = async (department: string): Promise<{ Authorization: string }> => ({ Authorization: `Bearer ${await gw.token(department)}` });
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function post(department: string, path: string, record: Record<string, unknown>): Promise<{ txId: string; blockNumber: number }> {
  const res = await request(gw.server.app).post(`/api/v1${path}`).set(await auth(department)).send({ record: { ...record, department } });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.proof as { txId: string; blockNumber: number };
}

async function committedSince(height: number): Promise<number> {
  let count = 0;
  const now = await gw.ledger.height();
  for (let n = height; n < now; n++) count += (await gw.ledger.block(n))?.transactions.length ?? 0;
  return count;
}

beforeAll(async () => {
  gw = await startTestGateway({ fixtures: true });
  await post('js-fgw', '/sharing/catalogue', { type: 'sharing.catalogue', id: 'vis-cat-js', resourceId: 'vis-js-credit', family: 'credit', title: '失信主体名单', description: '主体、措施', mode: 'conditional', conditions: '需说明事由' });
  await post('js-fgw', '/credit/entries', {
    type: 'credit.entry', id: 'vis-entry-js', list: 'black',
    subject: { kind: 'organisation', creditCode: COMPANIES.jiangningBuild.creditCode, name: COMPANIES.jiangningBuild.name },
    category: 'food-drug-safety', legalBasis: 'VIS-SECRET-LEGAL-BASIS', measures: ['enhanced-supervision'], validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z',
  });
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

describe('a grant', () => {
  it('lets the named department read, one access record per read, seen by the auditor and the owner only; its expiry ends it', async () => {
    await post('zj-hz-scjgj', '/sharing/requests', { type: 'sharing.request', id: 'vis-req-1', owner: 'js-fgw', resourceId: 'vis-js-credit', purpose: '联合惩戒核查', until: '2099-01-01T00:00:00Z' });
    const validTo = Date.now() + 6000;
    await post('js-fgw', '/sharing/grants', { type: 'sharing.grant', id: 'vis-grant-1', requestId: 'vis-req-1', decision: 'approved', validFrom: '2025-01-01T00:00:00Z', validTo: iso(validTo), reason: '同意' });

    const before = await gw.ledger.height();
    const read = await request(gw.server.app).get('/api/v1/credit/entries/vis-entry-js').set(await auth('zj-hz-scjgj')).set('X-DTL-Purpose', PURPOSE);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).toContain('VIS-SECRET-LEGAL-BASIS');
    const ids = String(read.headers['x-dtl-access-records']).split(',');
    expect(ids).toHaveLength(1);
    expect(await committedSince(before)).toBe(1); // exactly one ledger write for the read

    const ofOwnerAsAuditor = await request(gw.server.app).get('/api/v1/audit/reads/of/js-fgw').set(await auth('sh-dsj'));
    const ofOwnerAsOwner = await request(gw.server.app).get('/api/v1/audit/reads/of/js-fgw').set(await auth('js-fgw'));
    const ofOwnerAsReader = await request(gw.server.app).get('/api/v1/audit/reads/of/js-fgw').set(await auth('zj-hz-scjgj'));
    const byReaderAsReader = await request(gw.server.app).get('/api/v1/audit/reads/by/zj-hz-scjgj').set(await auth('zj-hz-scjgj'));
    const mine = (body: unknown): unknown[] => (body as Array<{ accessId: string }>).filter((a) => a.accessId === ids[0]);
    expect(mine(ofOwnerAsAuditor.body)).toHaveLength(1);
    expect(mine(ofOwnerAsOwner.body)).toHaveLength(1);
    expect(mine(ofOwnerAsOwner.body)[0]).toMatchObject({ allowed: true, basis: 'grant', grantId: 'vis-grant-1', reader: 'zj-hz-scjgj' });
    expect(mine(ofOwnerAsReader.body)).toHaveLength(0);
    expect(mine(byReaderAsReader.body)).toHaveLength(0);

    // The access record itself, by id: content to the auditor, hash-only to the reader's neighbour.
    const asAuditor = await request(gw.server.app).get(`/api/v1/records/${ids[0]}`).set(await auth('sh-sjj'));
    expect(asAuditor.body.proof.form).toBe('content');
    expect(asAuditor.body.proof.record.purpose).toBe('联合惩戒核查');
    const asOther = await request(gw.server.app).get(`/api/v1/records/${ids[0]}`).set(await auth('zj-hz-ggzy'));
    expect(asOther.body.proof.form).toBe('hash-only');
    expect(asOther.body.proof.record.purpose).toBeUndefined();
    expect(asOther.body.proof.inclusion).toBeUndefined();
    expect(asOther.body.proof.contentHash).toMatch(/^[0-9a-f]{64}$/);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, validTo - Date.now() + 1200)));
    const expired = await request(gw.server.app).get('/api/v1/credit/entries/vis-entry-js').set(await auth('zj-hz-scjgj')).set('X-DTL-Purpose', PURPOSE);
    expect(expired.status).toBe(403);
    expect(expired.body.error.details.reason).toBe('no-grant'); // no grant of the reader covers the read any more
    expect(JSON.stringify(expired.body)).not.toContain('VIS-SECRET');
    const named = await request(gw.server.app).get('/api/v1/credit/entries/vis-entry-js').set(await auth('zj-hz-scjgj')).set('X-DTL-Purpose', PURPOSE).set('X-DTL-Grant', 'vis-grant-1');
    expect(named.status).toBe(403);
    expect(named.body.error.details.reason).toBe('grant-expired');
  }, 60_000);
});

describe('blocks and transactions', () => {
  it('hold only the hash-only form of a conditional record (placement, issue 12); its own province gets the content from /records with a proof that verifies', async () => {
    const stored = await request(gw.server.app).get('/api/v1/records/vis-entry-js').set(await auth('js-nj-scjgj'));
    expect(stored.body.proof.form).toBe('content');
    expect(stored.body.proof.record.legalBasis).toBe('VIS-SECRET-LEGAL-BASIS');
    const verdict = verifyProof(stored.body.proof as Proof);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.checks.find((c) => c.name === 'tx-carries-record')?.detail).toMatch(/hash-only form/);
    const { txId, blockNumber } = stored.body.proof as { txId: string; blockNumber: number };
    expect(JSON.stringify(await gw.ledger.block(blockNumber))).not.toContain('VIS-SECRET'); // the ledger itself
    for (const path of [`/api/v1/blocks/${blockNumber}`, `/api/v1/transactions/${txId}`]) {
      const own = await request(gw.server.app).get(path).set(await auth('js-nj-scjgj'));
      expect(JSON.stringify(own.body)).not.toContain('VIS-SECRET');
      expect(JSON.stringify(own.body)).toContain('hash-only');
      const other = await request(gw.server.app).get(path).set(await auth('sh-samr'));
      expect(other.status).toBe(200);
      const text = JSON.stringify(other.body);
      expect(text).not.toContain('VIS-SECRET');
      expect(text).toContain('hash-only');
      expect(text).toContain('vis-entry-js');
    }
  });
});

describe('an answer with several owners', () => {
  it('is refused when one owner refuses, and only the refusal is recorded (no "allowed" record for the other)', async () => {
    const holder = { kind: 'organisation', creditCode: COMPANIES.shushanTech.creditCode, name: COMPANIES.shushanTech.name };
    const licence = (id: string, number: string): Record<string, unknown> => ({ type: 'licence.issue', id, number, licenceType: 'business-licence', holder, title: '营业执照', validFrom: '2025-01-01T00:00:00Z', validTo: '2035-01-01T00:00:00Z', fileDigest: sm3Hex(id) });
    await post('sh-samr', '/licences', licence('vis-lic-sh', 'VIS-SH-0001')); // sh-samr licences: unconditional
    await post('ah-cz-scjgj', '/licences', licence('vis-lic-ah', 'VIS-AH-0001')); // ah-cz-scjgj licences: conditional
    const before = await gw.ledger.height();
    const res = await request(gw.server.app).get(`/api/v1/licences?holder=${COMPANIES.shushanTech.creditCode}`).set(await auth('js-nj-scjgj')).set('X-DTL-Purpose', PURPOSE);
    expect(res.status).toBe(403);
    expect(await committedSince(before)).toBe(1);
    const reads = await request(gw.server.app).get('/api/v1/audit/reads/by/js-nj-scjgj').set(await auth('sh-sjj'));
    const recorded = reads.body as Array<{ owner: string; allowed: boolean }>;
    expect(recorded.filter((a) => a.owner === 'sh-samr')).toHaveLength(0);
    expect(recorded.filter((a) => a.owner === 'ah-cz-scjgj' && !a.allowed)).toHaveLength(1);
  });
});

describe('public licence check', () => {
  it('answers a digest that matches no file with the verdict alone, never the record', async () => {
    const res = await request(gw.server.app).get(`/api/v1/licences/VIS-AH-0001/verify?digest=${'0'.repeat(64)}`);
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('digest-mismatch');
    expect(Object.keys(res.body).sort()).toEqual(['checkedAt', 'fileDigest', 'number', 'result']);
    const valid = await request(gw.server.app).get(`/api/v1/licences/VIS-AH-0001/verify?digest=${sm3Hex('vis-lic-ah')}`);
    expect(valid.body.result).toBe('valid');
    expect(valid.body.proof.record.id).toBe('vis-lic-ah');
    // ah-cz-scjgj's licences are conditional: the ledger holds their hash-only form, and the public gets that form
    expect(valid.body.proof.form).toBe('hash-only');
    expect(valid.body.proof.record.title).toBeUndefined();
    expect(valid.body.proof.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
