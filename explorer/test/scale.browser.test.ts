/**
 * The explorer at scale, in Debian's chromium: a gateway whose read model holds DTL_BROWSER_SCALE_TX transactions
 * (default 300,000: what the CI time allows beside the other stages; `DTL_BROWSER_SCALE_TX=1000000` for the full
 * figure) indexed from blocks shaped as the Ledger port returns them (gateway/src/read-model/synthetic-chain.ts).
 * The ledger itself is the real embedded one with the fixtures (sign-in, block pages). First view of the overview
 * and of a list must be ready under 2 s; the requests each made are counted and printed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { openReadModel } from '../../gateway/src/read-model';
import { syntheticChain } from '../../gateway/src/read-model/synthetic-chain';
import { ReadModelWriter } from '../../gateway/src/read-model/writer';
import { startExplorerGateway, type ExplorerGateway } from './gateway-harness';

const CHROMIUM = process.env.DTL_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'explorer');
const TRANSACTIONS = Number(process.env.DTL_BROWSER_SCALE_TX ?? 300_000);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let gw: ExplorerGateway;
let context: BrowserContext;
let profile: string;
let indexSeconds = 0;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gw = await startExplorerGateway({
    readModel: async (ledger, dataDir) => {
      const readModel = await openReadModel(join(dataDir, 'scale-read-model.sqlite'), ledger);
      const writer = await ReadModelWriter.open(readModel.database);
      const started = Date.now();
      let batch = [];
      for (const block of syntheticChain({ transactions: TRANSACTIONS, perBlock: 100 })) {
        batch.push(block);
        if (batch.length === 200) {
          await writer.apply(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await writer.apply(batch);
      indexSeconds = (Date.now() - started) / 1000;
      return readModel;
    },
  });
  profile = mkdtempSync(join(tmpdir(), 'dtl-chromium-scale-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
  await context.addInitScript((t: string) => window.localStorage.setItem('dtl.token', t), gw.auditorToken);
}, 900_000);

afterAll(async () => {
  await context?.close();
  await gw?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens a view in a fresh page; resolves with the time to `data-ready` and the requests the page made. */
async function firstView(hash: string): Promise<{ page: Page; ms: number; requests: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  const started = Date.now();
  await page.goto(`${gw.baseUrl}/audit/?nofollow=1&lang=zh-CN#${hash}`);
  await page.waitForSelector('main[data-ready="1"]', { timeout: 60_000 });
  return { page, ms: Date.now() - started, requests };
}

describe(`explorer over a read model of ${TRANSACTIONS.toLocaleString('en')} transactions`, () => {
  const figures: string[] = [];
  afterAll(() => {
    process.stdout.write(`\nexplorer at scale: ${TRANSACTIONS.toLocaleString('en')} transactions indexed in ${indexSeconds.toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n${figures.join('\n')}\n`);
  });

  it('shows the overview in under 2 s, with a handful of requests and no block downloads', async () => {
    const { page, ms, requests } = await firstView('/');
    figures.push(`  overview first view: ${ms} ms, ${requests.length} requests (${requests.filter((r) => r.startsWith('/api/')).length} to the API): ${requests.join(' ')}`);
    expect(Number(await page.textContent('#stat-transactions .card-value'))).toBeGreaterThanOrEqual(TRANSACTIONS);
    expect(requests.filter((r) => /^\/api\/v1\/blocks\/\d+$/.test(r))).toEqual([]);
    // A handful of API reads whatever the chain's size (the page's own script chunks are listed in the figures).
    expect(requests.filter((r) => r.startsWith('/api/') || r === '/healthz').length).toBeLessThan(6);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('dtl.stats')))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, '20-scale-overview.png'), fullPage: true });
    expect(ms).toBeLessThan(2000);
    await page.close();
  });

  it('shows a list (licences, then its next page) in under 2 s each', async () => {
    const { page, ms, requests } = await firstView('/licence');
    figures.push(`  licence list first view: ${ms} ms, ${requests.length} requests (${requests.filter((r) => r.startsWith('/api/')).length} to the API)`);
    expect(await page.locator('#licence-list tbody tr').count()).toBe(25);
    expect(ms).toBeLessThan(2000);
    const before = await page.locator('#licence-list tbody tr:first-child').textContent();
    const started = Date.now();
    await page.click('#next-page');
    await page.waitForFunction((first) => document.querySelector('main[data-ready="1"] #licence-list tbody tr:first-child')?.textContent !== first, before, { timeout: 10_000 });
    const nextMs = Date.now() - started;
    figures.push(`  licence list next page: ${nextMs} ms`);
    expect(nextMs).toBeLessThan(2000);
    await page.screenshot({ path: join(ARTIFACTS, '21-scale-licences.png'), fullPage: true });
    await page.close();
  });

  it('finds a company by a Chinese substring of its name', async () => {
    const { page, ms } = await firstView(`/search/${encodeURIComponent('霍山华鑫')}`);
    figures.push(`  name search 霍山华鑫: ${ms} ms`);
    expect(await page.locator('#search-results tbody tr').count()).toBeGreaterThan(0);
    const names = await page.locator('#search-results tbody tr td:nth-child(2)').allTextContents();
    expect(names.every((n) => n.includes('霍山华鑫'))).toBe(true);
    await page.close();
  });
});
