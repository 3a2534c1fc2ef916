/**
 * End-to-end: the explorer in Debian's chromium (playwright-core, never a downloaded browser) against the real
 * gateway on the embedded ledger with the fixtures, started here on 127.0.0.1. Screenshots go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { embeddedTrustBundle } from '../../gateway/src/trust/export-embedded';
import { registerWithKeystore, type DepartmentSeed } from '../../gateway/src/keystore/bootstrap';
import { startExplorerGateway, type ExplorerGateway } from './gateway-harness';
import { runTender } from './seed-tender';

/** A cooperative the test registers with a gateway-held key: the producer of the seeded batch. */
const DEMO_COOPERATIVE: DepartmentSeed & { creditCode: string } = {
  id: 'ah-la-hs-coop-demo',
  nameZh: '霍山县示范石斛专业合作社',
  nameEn: 'Huoshan Demo Dendrobium Cooperative',
  province: 'anhui',
  city: '六安市',
  county: '霍山县',
  tier: 'county',
  roles: ['trace-actor'],
  creditCode: '93341525MA2DEM7K13',
  divisionCode: '341525',
};

const CHROMIUM = process.env.DTL_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'explorer');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface TxView {
  txId: string;
  blockNumber: number;
  validationCode: string;
  contract: string;
  transaction: string;
  args: string[];
}
interface BlockView {
  number: number;
  transactions: TxView[];
}

let gw: ExplorerGateway;
let pinnedTrust = '';
let context: BrowserContext;
let page: Page;
const profiles: string[] = [];
const seeded = { batchId: '', tenderId: '', creditCode: '', licenceNumber: '', creditTx: undefined as TxView | undefined, hashOnlyTx: undefined as TxView | undefined, readsDone: 0 };

async function launch(viewport: { width: number; height: number }, mobile: boolean, token?: string): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'dtl-chromium-'));
  profiles.push(profile);
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    isMobile: mobile,
    hasTouch: mobile,
    deviceScaleFactor: mobile ? 2 : 1,
    locale: 'zh-CN',
    acceptDownloads: true,
    offline: false,
  });
  // Everything the explorer needs is bundled: any request off 127.0.0.1 is a failure.
  await ctx.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
  if (token) await ctx.addInitScript((t: string) => window.localStorage.setItem('dtl.token', t), token);
  // The user has pinned this network's trust bundle (exported by the operator, not taken from the pages' server).
  await ctx.addInitScript((bundle: string) => window.localStorage.setItem('dtl.trust.bundle', bundle), pinnedTrust);
  return ctx;
}

async function open(p: Page, hash: string, query = '?nofollow=1&lang=en'): Promise<void> {
  await gw.indexed(); // lists, search, overview and audit answer from the read model
  await p.goto(`${gw.baseUrl}/audit/${query}#${hash}`);
  await p.waitForSelector('main[data-ready="1"]', { timeout: 60_000 });
}

async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** All transactions on the chain, through the API. */
async function chainTransactions(): Promise<TxView[]> {
  const { body } = await gw.get<{ height: number }>('/api/v1/blocks?limit=1');
  const all: TxView[] = [];
  for (let n = 0; n < body.height; n++) all.push(...(await gw.get<BlockView>(`/api/v1/blocks/${n}`)).body.transactions);
  return all;
}

async function seed(): Promise<void> {
  const now = Date.now();
  // A product batch with events (e-seal path: the gateway signs for the demo cooperative it holds a key for). The
  // cooperative registers its own batch (its own credit code) and records production; the county agriculture bureau
  // (a regulator) signs the inspection — never the producer itself (issue 14's custody and inspection rules).
  await registerWithKeystore(gw.ledger, gw.keystore, DEMO_COOPERATIVE);
  const farmer = await gw.token(DEMO_COOPERATIVE.id);
  const inspector = await gw.token('ah-la-hs-nyj');
  seeded.batchId = `HS-SH-${now}`;
  const batch = await gw.post(
    '/api/v1/batches',
    {
      record: {
        type: 'trace.batch.register',
        id: `reg-${seeded.batchId}`,
        department: DEMO_COOPERATIVE.id,
        batchId: seeded.batchId,
        product: { name: '霍山石斛' },
        origin: { province: '安徽省', city: '六安市', county: '霍山县', place: '太平畈乡' },
        producer: { kind: 'cooperative', name: DEMO_COOPERATIVE.nameZh, creditCode: DEMO_COOPERATIVE.creditCode },
        quantity: 120,
        unit: 'kg',
        harvestSeason: '2024-autumn',
      },
    },
    farmer,
  );
  if (batch.status !== 201) throw new Error(`batch: ${batch.status} ${JSON.stringify(batch.body)}`);
  const events: [string, Record<string, unknown>][] = [
    ['planting', { plot: '太平畈乡2号大棚' }],
    ['harvest', { method: '手工采收' }],
    ['inspection', { laboratory: '六安市农产品质量安全检测中心', reportNumber: `LA-${now}`, reportDigest: 'b'.repeat(64), result: 'pass' }],
  ];
  for (const [i, [kind, details]] of events.entries()) {
    const res = await gw.post(
      `/api/v1/batches/${seeded.batchId}/events`,
      { record: { type: 'trace.event', id: `ev-${seeded.batchId}-${i}`, department: kind === 'inspection' ? 'ah-la-hs-nyj' : DEMO_COOPERATIVE.id, batchId: seeded.batchId, kind, occurredAt: new Date(now - (3 - i) * 86_400_000).toISOString(), details } },
      kind === 'inspection' ? inspector : farmer,
    );
    if (res.status !== 201) throw new Error(`event ${kind}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  seeded.tenderId = await runTender(gw, now);

  // Cross-region reads through the gateway: each writes an access record (allowed or refused) on the ledger.
  const txs = await chainTransactions();
  // Records the explorer's auditor (Shanghai) may read; others come as their hash-only form (issue 12).
  const readable = (tx: TxView): boolean => tx.validationCode === 'VALID' && !(tx.args[0] ?? '').includes('"hash-only"');
  const creditTx = txs.find((tx) => tx.contract === 'credit' && tx.transaction === 'addEntry' && readable(tx) && tx.args[0]?.includes('"organisation"'));
  const licenceTx = txs.find((tx) => tx.contract === 'licence' && tx.transaction === 'issue' && readable(tx));
  seeded.hashOnlyTx = txs.find((tx) => tx.contract === 'credit' && tx.transaction === 'addEntry' && (tx.args[0] ?? '').includes('"hash-only"'));
  if (!creditTx || !licenceTx) throw new Error('the fixtures carry no credit entry or licence');
  seeded.creditTx = creditTx;
  const credit = JSON.parse(creditTx.args[0] ?? '{}') as { department: string; subject: { creditCode: string } };
  const licence = JSON.parse(licenceTx.args[0] ?? '{}') as { department: string; number: string };
  seeded.creditCode = credit.subject.creditCode;
  seeded.licenceNumber = licence.number;
  const purpose = { 'x-dtl-purpose': encodeURIComponent('执法协查') };
  // Every organisation on a list and every licence, read from each province: some shared, some refused.
  const paths = new Set<string>();
  for (const t of txs) {
    if (t.validationCode !== 'VALID') continue;
    const r = JSON.parse(t.args[0] ?? '{}') as { type?: string; subject?: { creditCode?: string }; number?: string };
    if (r.type === 'credit.entry' && r.subject?.creditCode) paths.add(`/api/v1/credit/subjects/${r.subject.creditCode}`);
    if (r.type === 'licence.issue' && r.number) paths.add(`/api/v1/licences/${r.number}`);
  }
  for (const reader of ['sh-samr', 'js-nj-ggzy', 'zj-hz-sjj', 'ah-la-hs-nyj']) {
    const token = await gw.token(reader);
    for (const path of paths) {
      const res = await gw.get(path, token, purpose);
      if (res.status === 200 || res.status === 403) seeded.readsDone += 1;
    }
  }
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gw = await startExplorerGateway();
  pinnedTrust = JSON.stringify(embeddedTrustBundle((await gw.ledger.block(0))?.hash ?? '', [gw.ledger.blockSigningKey()], 'explorer test'));
  await seed();
  context = await launch({ width: 1366, height: 900 }, false, gw.auditorToken);
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await context?.close();
  await gw?.close();
  for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
});

describe('explorer in chromium', () => {
  it('reads with a least-privilege auditor identity: a read-only token, and the gateway holds no signing key for it', async () => {
    expect(gw.keystore.keyFor(gw.auditor)).toBeUndefined();
    const me = await gw.get<{ roles: string[]; eSeal: string | null }>('/api/v1/auth/me');
    expect(me.body.roles).toContain('auditor');
    expect(me.body.roles).not.toContain('gateway');
    expect(me.body.eSeal).toBeNull();
  });

  it('chain overview: height, throughput, charts with real data', async () => {
    const { body } = await gw.get<{ height: number }>('/api/v1/blocks?limit=1');
    await open(page, '/');
    expect(Number(await page.textContent('#stat-height .card-value'))).toBeGreaterThanOrEqual(body.height);
    expect(Number(await page.textContent('#stat-transactions .card-value'))).toBeGreaterThan(10);
    await expect(page.locator('#stat-health .card-value').textContent()).resolves.toBe('healthy');
    const families = JSON.parse((await page.getAttribute('#overview-data', 'data-families')) ?? '{}') as Record<string, number>;
    expect(families.credit).toBeGreaterThan(0);
    expect(families.department).toBeGreaterThan(0);
    const provinces = JSON.parse((await page.getAttribute('#overview-data', 'data-provinces')) ?? '{}') as Record<string, number>;
    expect(Object.keys(provinces).sort()).toEqual(expect.arrayContaining(['anhui', 'jiangsu', 'shanghai', 'zhejiang']));
    expect(await page.locator('#chart-blocks canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-families canvas').count()).toBeGreaterThan(0);
    await shot(page, '01-overview');
  });

  it('blocks, and a block whose hash link is re-checked in the browser', async () => {
    await open(page, '/blocks');
    expect(await page.locator('.blocks-table tbody tr').count()).toBeGreaterThan(5);
    const tx = seeded.creditTx as TxView;
    await open(page, `/blocks/${tx.blockNumber}`);
    await expect(page.getAttribute('#verdict', 'data-verdict')).resolves.toBe('valid');
    expect(await page.locator('.tx-table tbody tr').count()).toBeGreaterThan(0);
    await expect(page.locator('.tx-table').textContent()).resolves.toContain('VALID');
    await shot(page, '02-block');
  });

  it('a transaction and its record, SM2 signature and block link verified in the browser', async () => {
    const tx = seeded.creditTx as TxView;
    await open(page, `/tx/${tx.txId}`);
    await expect(page.getAttribute('#verdict', 'data-verdict')).resolves.toBe('valid');
    await expect(page.getAttribute('#signature-status', 'data-status')).resolves.toBe('valid');
    await expect(page.locator('#verdict').textContent()).resolves.toContain('SM2 signature valid');
    await shot(page, '03-transaction');
  });

  it('a record whose content is not shared with the auditor shows as hash-only, not as a failed signature', async () => {
    const tx = seeded.hashOnlyTx as TxView;
    expect(tx).toBeDefined();
    await open(page, `/tx/${tx.txId}`);
    await expect(page.getAttribute('#signature-status', 'data-status')).resolves.toBe('hash-only');
    await expect(page.getAttribute('#verdict', 'data-verdict')).resolves.toBe('valid');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('contentHash');
    expect(text).not.toContain('legalBasis');
  });

  it('a tampered record turns the in-browser verdict red', async () => {
    const tx = seeded.creditTx as TxView;
    const tampered = await context.newPage();
    await tampered.route(`**/api/v1/transactions/${tx.txId}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as TxView;
      const record = JSON.parse(body.args[0] ?? '{}') as Record<string, unknown>;
      record.legalBasis = `${String(record.legalBasis)}（篡改）`;
      body.args = [JSON.stringify(record), ...body.args.slice(1)];
      await route.fulfill({ response, json: body });
    });
    await open(tampered, `/tx/${tx.txId}`);
    await expect(tampered.getAttribute('#verdict', 'data-verdict')).resolves.toBe('invalid');
    await expect(tampered.getAttribute('#signature-status', 'data-status')).resolves.toBe('invalid');
    await expect(tampered.locator('#verdict').getAttribute('class')).resolves.toContain('bad');
    await shot(tampered, '04-transaction-tampered');
    // A block whose header was altered in transit fails the SM3 link check.
    await tampered.route(`**/api/v1/blocks/${tx.blockNumber}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      body.timestamp = '2020-01-01T00:00:00.000Z';
      await route.fulfill({ response, json: body });
    });
    await open(tampered, `/blocks/${tx.blockNumber}`);
    await expect(tampered.getAttribute('#verdict', 'data-verdict')).resolves.toBe('invalid');
    await tampered.close();
  });

  it('search finds each kind of id', async () => {
    const tx = seeded.creditTx as TxView;
    const cases: [string, RegExp][] = [
      [tx.txId, new RegExp(`#/tx/${tx.txId}$`)],
      [String(tx.blockNumber), new RegExp(`#/blocks/${tx.blockNumber}$`)],
      [seeded.creditCode, new RegExp(`#/credit/${seeded.creditCode}$`)],
      [seeded.licenceNumber, new RegExp(`#/licence/${seeded.licenceNumber}$`)],
      [seeded.batchId, new RegExp(`#/batch/${seeded.batchId}$`)],
      [seeded.tenderId, new RegExp(`#/tender/${seeded.tenderId}$`)],
    ];
    await open(page, '/');
    for (const [query, expected] of cases) {
      await page.fill('#search', query);
      await page.press('#search', 'Enter');
      await page.waitForURL(expected, { timeout: 30_000 });
      await page.waitForSelector('main[data-ready="1"]');
      await expect(page.locator('.notfound').count()).resolves.toBe(0);
    }
    await page.fill('#search', 'no-such-id-anywhere');
    await page.press('#search', 'Enter');
    await page.waitForSelector('#search-nothing');
  });

  it('credit, licence, tender and batch pages show their records, each signature re-checked', async () => {
    for (const [hash, kind, name] of [
      [`/credit/${seeded.creditCode}`, 'credit', '05-credit'],
      [`/licence/${seeded.licenceNumber}`, 'licence', '06-licence'],
      [`/tender/${seeded.tenderId}`, 'tender', '07-tender'],
      [`/batch/${seeded.batchId}`, 'batch', '08-batch'],
    ] as const) {
      await open(page, hash);
      expect(await page.locator(`h1[data-kind="${kind}"]`).count()).toBe(1);
      const statuses = await page.locator('.history .sig').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 'valid' || s === 'hash-only')).toBe(true);
      // The seeded batch is Anhui trace data, not catalogued: the Shanghai auditor sees its hash-only form (issue 12).
      if (kind !== 'batch') expect(statuses).toContain('valid');
      if (kind === 'credit' || kind === 'licence') {
        // The gateway's state view is asked for on demand only (it is a recorded cross-region read).
        await page.click('#ask-state');
        await page.waitForSelector('.state, .state-note');
      }
      if (kind === 'tender') {
        // The whole tender replayed in the browser with the chaincode's own pure rules: the same result.
        await page.click('#recompute');
        await page.waitForSelector('#recompute-result .verdict');
        await expect(page.getAttribute('#recompute-result .verdict', 'data-verdict')).resolves.toBe('same');
      }
      if (kind === 'batch') expect(await page.locator('#batch-qr svg').count()).toBe(1);
      await shot(page, name);
    }
  });

  it('the sharing audit matrix counts match the API, with flags, drill-down and CSV export', async () => {
    expect(seeded.readsDone).toBeGreaterThan(0);
    const api = await gw.get<{ readerProvince: string; ownerProvince: string; allowed: number; refused: number }[]>('/api/v1/audit/reads/by-province-pair');
    expect(api.status).toBe(200);
    const expected = new Map(api.body.map((c) => [`${c.readerProvince}>${c.ownerProvince}`, c.allowed + c.refused]));
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    await open(page, '/audit');
    const cells = await page.locator('#audit-matrix td').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-reader'), td.getAttribute('data-owner'), Number(td.getAttribute('data-count')), Number(td.getAttribute('data-flagged'))] as const));
    expect(cells).toHaveLength(16);
    for (const [reader, owner, count] of cells) expect(count).toBe(expected.get(`${reader}>${owner}`) ?? 0);
    const refused = api.body.reduce((a, c) => a + c.refused, 0);
    expect(cells.reduce((a, c) => a + c[3], 0)).toBe(refused);
    expect(await page.locator('#audit-records tbody tr').count()).toBe(total);
    await shot(page, '09-audit');
    // Drill down into the busiest cell: department pairs and only its access records.
    const busiest = [...cells].sort((a, b) => b[2] - a[2])[0] as readonly [string, string, number, number];
    await page.click(`#audit-matrix td[data-reader="${busiest[0]}"][data-owner="${busiest[1]}"]`);
    await page.waitForSelector('#audit-departments');
    expect(await page.locator('#audit-records tbody tr').count()).toBe(busiest[2]);
    const download = page.waitForEvent('download');
    await page.click('#audit-csv');
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split(/\r\n/);
    expect(csv[0]).toContain('readerProvince');
    expect(csv).toHaveLength(busiest[2] + 1);
    await shot(page, '10-audit-drilldown');
    // Filter: flagged only.
    await page.click(`#audit-matrix td[data-reader="${busiest[0]}"][data-owner="${busiest[1]}"]`);
    await page.check('#filter-flagged');
    expect(await page.locator('#audit-records tbody tr').count()).toBe(refused);
  });

  it('the public QR trace page works at phone size, with no login', async () => {
    await open(page, `/batch/${seeded.batchId}`);
    const href = (await page.getAttribute('#trace-link', 'href')) ?? '';
    // The QR holds the public trace page's address with the check code (issue 17).
    expect(href).toMatch(new RegExp(`/trace/${seeded.batchId}\\?c=[0-9a-f]{8}$`));
    const phone = await launch({ width: 390, height: 844 }, true);
    const p = await phone.newPage();
    await p.goto(href.replace('#', '?nofollow=1#'));
    // The public trace page (issue 17) shows its first view, then verifies every record against the pinned bundle.
    await p.waitForSelector('main[data-verified="1"]', { timeout: 60_000 });
    await expect(p.getAttribute('#trace-verdict', 'data-verdict')).resolves.toBe('genuine');
    expect(await p.locator('.trace-event').count()).toBeGreaterThanOrEqual(4);
    const signers = await p.locator('.trace-event-signer').allTextContents();
    expect(signers.every((s) => s.length > 0)).toBe(true);
    // Without a login, every record is verified in this browser against the pinned trust bundle.
    const statuses = await p.locator('.trace-event').evaluateAll((els) => els.map((el) => el.getAttribute('data-signature')));
    expect(statuses.every((s) => s === 'valid')).toBe(true);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await p.evaluate(() => localStorage.getItem('dtl.token'))).toBeNull();
    await p.screenshot({ path: join(ARTIFACTS, '11-trace-phone.png'), fullPage: true });
    // An unknown batch gets a clear "unknown".
    await p.goto(`${gw.baseUrl}/audit/?nofollow=1#/trace/NO-SUCH-BATCH`);
    await p.waitForSelector('main[data-ready="1"]');
    await expect(p.getAttribute('#trace-verdict', 'data-verdict')).resolves.toBe('unknown');
    await phone.close();
  });

  it('signs in only with an auditor identity', async () => {
    const fresh = await launch({ width: 1280, height: 800 }, false);
    const p = await fresh.newPage();
    await p.goto(`${gw.baseUrl}/audit/?nofollow=1&lang=en#/`);
    await p.waitForSelector('#signin');
    await p.fill('#api-key', gw.apiKey('js-nj-ggzy'));
    await p.click('#signin button[type="submit"]');
    await p.waitForFunction(() => (document.querySelector('#signin-message')?.textContent ?? '').includes('not an auditor'));
    expect(await p.evaluate(() => localStorage.getItem('dtl.token'))).toBeNull();
    await p.fill('#api-key', gw.apiKey(gw.auditor));
    await p.click('#signin button[type="submit"]');
    await p.waitForSelector('#stat-height');
    await expect(p.locator('#identity').textContent()).resolves.toContain(gw.auditor);
    await fresh.close();
  });

  it('follows new blocks (polling the height) without folding the chain in the browser', async () => {
    await open(page, '/', '?lang=en');
    const before = Number(await page.textContent('#stat-height .card-value'));
    const indexBefore = Number(await page.getAttribute('#overview-data', 'data-index-height'));
    expect(indexBefore).toBe(before);
    // Nothing of the chain is kept in the browser any more: the overview asks the read model.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('dtl.stats')))).toEqual([]);
    const res = await gw.post(
      `/api/v1/batches/${seeded.batchId}/events`,
      { record: { type: 'trace.event', id: `ev-${seeded.batchId}-ship`, department: DEMO_COOPERATIVE.id, batchId: seeded.batchId, kind: 'shipment', occurredAt: new Date().toISOString(), details: { from: '霍山县', to: '上海市黄浦区' } } },
      await gw.token(DEMO_COOPERATIVE.id),
    );
    expect(res.status).toBe(201);
    await page.waitForFunction((h) => Number(document.querySelector('#stat-height .card-value')?.textContent) > h, before, { timeout: 30_000 });
    await gw.indexed();
    await page.waitForFunction((h) => Number(document.querySelector('#overview-data')?.getAttribute('data-index-height')) > h, indexBefore, { timeout: 30_000 }).catch(async () => {
      await open(page, '/', '?lang=en');
    });
    expect(Number(await page.getAttribute('#overview-data', 'data-index-height'))).toBeGreaterThan(indexBefore);
  });

  it('speaks zh-CN and English', async () => {
    await open(page, '/blocks', '?nofollow=1&lang=zh-CN');
    await expect(page.locator('header nav').textContent()).resolves.toContain('区块');
    await page.click('#lang');
    await page.waitForSelector('main[data-ready="1"]');
    await expect(page.locator('header nav').textContent()).resolves.toContain('Blocks');
  });
});
