/**
 * The read model over a real embedded ledger with the demo fixtures: the indexer follows the chain, the list,
 * search and audit routes answer with the index height and the caller's visibility, cross-region pages write access
 * records, /healthz and /metrics show the lag; `dtl index verify` names an edited and a missing row, and
 * `dtl index rebuild` after deleting the index gives the same answers as before.
 */
import '../src/http/quiet-chaincode-logs';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { sql } from 'kysely';
import { demoApiKey } from '../src/keystore/bootstrap';
import { main as dtl } from '../src/cli/main';
import { startTestGateway, TEST_SECRET, type TestGateway } from '../src/http/test-support';
import { openReadModel, type ReadModel } from '../src/read-model';
import { openReadModelDatabase } from '../src/read-model/database';
import { LISTS } from '../src/read-model/lists';
import { ReadModelQueries } from '../src/read-model/queries';
import { scopeFor } from '../src/read-model/visibility';
import { createServer, type GatewayServer } from '../src/server';

let gateway: TestGateway;
let readModel: ReadModel;
let server: GatewayServer;
let indexPath: string;
const tokens = new Map<string, string>();

async function token(department: string): Promise<string> {
  const cached = tokens.get(department);
  if (cached) return cached;
  const res = await request(server.app).post('/api/v1/auth/token').send({ apiKey: demoApiKey(department) });
  expect(res.status).toBe(200);
  tokens.set(department, res.body.token as string);
  return res.body.token as string;
}

async function get(department: string, path: string, headers: Record<string, string> = {}): Promise<request.Response> {
  return request(server.app).get(path).set({ authorization: `Bearer ${await token(department)}`, ...headers });
}

async function settled(): Promise<void> {
  expect(await readModel.indexer.waitFor(await gateway.ledger.height(), 20_000)).toBe(true);
}

beforeAll(async () => {
  gateway = await startTestGateway({ fixtures: true });
  indexPath = join(gateway.dataDir, 'read-model.sqlite');
  readModel = await openReadModel(indexPath, gateway.ledger);
  await readModel.indexer.start();
  server = createServer({ ledger: gateway.ledger, keystore: gateway.keystore, jwtSecret: TEST_SECRET, readModel });
  await settled();
}, 120_000);

afterAll(async () => {
  await readModel?.close();
  await gateway?.close();
});

describe('read-model routes', () => {
  it('lists the caller province\'s credit entries with the index height, and only those', async () => {
    const res = await get('ah-samr', '/api/v1/index/credit-entries?list=black');
    expect(res.status).toBe(200);
    expect(res.body.indexHeight).toBe(readModel.indexer.height);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e: { province: string; list: string }) => e.province === 'anhui' && e.list === 'black')).toBe(true);
  });

  it('answers bad filters with 400 naming the field and the allowed values', async () => {
    const res = await get('ah-samr', '/api/v1/index/credit-entries?list=grey&colour=red');
    expect(res.status).toBe(400);
    const fields = (res.body.error.details as Array<{ field: string; message: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['query.list', 'query']));
    expect(JSON.stringify(res.body.error.details)).toContain('black, red');
    expect((await get('ah-samr', '/api/v1/index/licences?cursor=zz')).status).toBe(400);
    expect((await get('ah-samr', '/api/v1/index/search?q=%25%25')).status).toBe(400);
    expect((await request(server.app).get('/api/v1/index/licences')).status).toBe(401);
  });

  it('pages with a keyset cursor', async () => {
    const first = await get('sh-samr', '/api/v1/index/transactions?limit=5');
    const second = await get('sh-samr', `/api/v1/index/transactions?limit=5&cursor=${first.body.nextCursor as string}`);
    expect(second.status).toBe(200);
    const a = first.body.items as Array<{ blockNumber: number; txIndex: number }>;
    const b = second.body.items as Array<{ blockNumber: number; txIndex: number }>;
    expect(b[0]!.blockNumber * 1e4 + b[0]!.txIndex).toBeLessThan(a[4]!.blockNumber * 1e4 + a[4]!.txIndex);
  });

  it('finds departments and companies by a Chinese substring', async () => {
    const res = await get('ah-samr', `/api/v1/index/search?q=${encodeURIComponent('市场监督管理局')}&kind=department&limit=100`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(5);
    expect(res.body.items.every((n: { name: string }) => n.name.includes('市场监督管理局'))).toBe(true);
  });

  it('lists another province only with a purpose, and writes the access records for that page', async () => {
    const refused = await get('sh-samr', '/api/v1/index/credit-entries?province=zhejiang');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('PURPOSE_REQUIRED');
    // Anhui shares no credit data unconditionally: the page is refused (fail closed), the refusal is on the ledger.
    const closed = await get('sh-samr', '/api/v1/index/credit-entries?province=anhui', { 'x-dtl-purpose': encodeURIComponent('信用核查') });
    expect(closed.status).toBe(403);
    expect(closed.body.error.code).toBe('GRANT_REQUIRED');
    // Hangzhou shares its black list unconditionally: answered, each read recorded.
    const res = await get('sh-samr', '/api/v1/index/credit-entries?province=zhejiang', { 'x-dtl-purpose': encodeURIComponent('信用核查') });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e: { province: string }) => e.province === 'zhejiang')).toBe(true);
    expect(String(res.headers['x-dtl-access-records'])).toMatch(/^access-/);
    await settled();
    // The auditor sees the read in the audit aggregates; a department that is neither auditor nor owner does not.
    const matrix = await get('sh-sjj', '/api/v1/index/audit/matrix');
    expect(matrix.body.scope).toBe('all');
    expect(matrix.body.cells.some((c: { readerProvince: string; ownerProvince: string; reads: number }) => c.readerProvince === 'shanghai' && c.ownerProvince === 'zhejiang' && c.reads > 0)).toBe(true);
    const access = await get('sh-sjj', '/api/v1/index/access?readerProvince=shanghai&ownerProvince=zhejiang');
    expect(access.body.items.some((a: { reader: string; purpose: string }) => a.reader === 'sh-samr' && a.purpose === '信用核查')).toBe(true);
    const outsider = await get('js-nj-ggzy', '/api/v1/index/access?readerProvince=shanghai');
    expect(outsider.body.items).toEqual([]);
    const timeline = await get('sh-sjj', '/api/v1/index/audit/timeline');
    expect(timeline.body.days.length).toBeGreaterThan(0);
  });

  it('shows the index height and lag in /healthz and /metrics, and the routes in the OpenAPI document', async () => {
    const health = await request(server.app).get('/healthz');
    expect(health.body.readModel).toEqual({ height: readModel.indexer.height, lag: expect.any(Number), database: 'sqlite' });
    const metrics = await request(server.app).get('/metrics');
    expect(metrics.text).toMatch(/dtl_read_model_lag_blocks \d+/);
    expect(metrics.text).toMatch(/dtl_read_model_height \d+/);
    const doc = await request(server.app).get('/openapi.json');
    for (const spec of LISTS) expect(doc.body.paths[`/api/v1/index/${spec.path}`]).toBeDefined();
    expect(doc.body.paths['/api/v1/index/search'].get.parameters.map((p: { name: string }) => p.name)).toContain('q');
  });
});

describe('dtl index verify and rebuild', () => {
  const answersOf = async (): Promise<unknown[]> => {
    const db = await openReadModelDatabase(indexPath);
    try {
      const q = new ReadModelQueries(db.db, db.dialect);
      const out: unknown[] = [];
      for (const spec of LISTS) out.push(await q.list(spec, { filters: {}, order: 'newest', limit: 500 }, scopeFor({ id: 'sh-sjj', province: 'shanghai', roles: ['auditor'] }, spec.family, ['jiangsu', 'zhejiang', 'anhui'])));
      out.push(await q.search('有限公司', { kinds: ['subject', 'licence-holder', 'batch', 'tender', 'department', 'catalogue'], provinceScope: ['shanghai', 'jiangsu', 'zhejiang', 'anhui'], limit: 200 }));
      out.push(await q.accessMatrix({}, { kind: 'all' }));
      return out;
    } finally {
      await db.close();
    }
  };

  it('catches an edited row and a missing row, and a rebuild after deleting the index answers the same', async () => {
    await settled();
    await readModel.close();
    const height = await gateway.ledger.height();
    await gateway.ledger.close();
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    const args = ['--data-dir', gateway.dataDir, '--ledger', 'embedded', '--index', indexPath];

    expect(await dtl(['index', 'verify', ...args], io)).toBe(0);
    expect(out.join('')).toContain('the index matches the chain');
    const before = await answersOf();

    // Tamper: edit one credit entry's status, delete one licence.
    const db = await openReadModelDatabase(indexPath);
    const entry = await db.db.selectFrom('rm_credit_entries').select('entry_id').where('status', '=', 'active').orderBy('entry_id').executeTakeFirstOrThrow();
    const licence = await db.db.selectFrom('rm_licences').select('number').orderBy('number').executeTakeFirstOrThrow();
    await db.db.updateTable('rm_credit_entries').set({ status: 'repaired' }).where('entry_id', '=', entry.entry_id).execute();
    await db.db.deleteFrom('rm_licences').where('number', '=', licence.number).execute();
    await db.close();
    out.length = 0;
    expect(await dtl(['index', 'verify', ...args], io)).toBe(1);
    const report = out.join('');
    expect(report).toContain(`changed    rm_credit_entries ${entry.entry_id}: status index="repaired" chain="active"`);
    expect(report).toContain(`missing    rm_licences ${licence.number}`);
    expect(report).toContain('DIFFERS');

    // Lose the index entirely, rebuild from the blocks, get the same answers as before the tampering.
    for (const suffix of ['', '-wal', '-shm']) rmSync(indexPath + suffix, { force: true });
    expect(existsSync(indexPath)).toBe(false);
    out.length = 0;
    expect(await dtl(['index', 'rebuild', ...args], io)).toBe(0);
    expect(out.join('')).toContain(`from ${height} blocks`);
    expect(await answersOf()).toEqual(before);
    out.length = 0;
    expect(await dtl(['index', 'verify', ...args, '--json'], io)).toBe(0);
    expect(JSON.parse(out.join('')).ok).toBe(true);
    // Reopen for afterAll's close (the gateway's ledger is closed already; closing twice is harmless).
    readModel = await openReadModel(indexPath, gateway.ledger);
    const check = await openReadModelDatabase(indexPath);
    expect(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM rm_blocks`.execute(check.db)).rows[0]?.n)).toBe(height);
    await check.close();
  }, 120_000);
});
