/**
 * The verdict level of every demo batch on the public trace page, in Debian's chromium at phone size (390×844), in
 * zh-CN and in English: what is known (inspected and passed by whom, no inspection, failed, recalled with what to
 * do, cannot be confirmed), in the reader's language. Screenshots go to test-artifacts/explorer/levels/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { TRACE_BATCHES } from '@dtl/fixtures';
import { startExplorerGateway, type ExplorerGateway } from './gateway-harness';

const CHROMIUM = process.env.DTL_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'explorer', 'levels');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const EXPECTED: ReadonlyArray<readonly [string, string]> = [
  [TRACE_BATCHES.guapianLeaves, 'inspected-passed'],
  [TRACE_BATCHES.guapianTea, 'inspected-passed'],
  [TRACE_BATCHES.guapianShanghai, 'inspected-passed'],
  [TRACE_BATCHES.guapianHangzhou, 'inspected-passed'],
  [TRACE_BATCHES.shihuGood, 'inspected-passed'],
  [TRACE_BATCHES.shihuFailed, 'failed-inspection'],
  [TRACE_BATCHES.lvdouRecalled, 'recalled'],
  [TRACE_BATCHES.lvdouGood, 'inspected-passed'],
  [TRACE_BATCHES.lvdouMerged, 'recalled'],
  [TRACE_BATCHES.lvdouUninspected, 'not-inspected'],
  ['NO-SUCH-BATCH', 'unconfirmed'],
];

const WORDS: Record<'zh-CN' | 'en', Record<string, string>> = {
  'zh-CN': { 'inspected-passed': '检测合格', 'not-inspected': '暂无检测记录', 'failed-inspection': '检测不合格', recalled: '已召回', unconfirmed: '无法确认' },
  en: { 'inspected-passed': 'Inspected and passed', 'not-inspected': 'No inspection on record', 'failed-inspection': 'Failed inspection', recalled: 'Recalled', unconfirmed: 'Cannot be confirmed' },
};

let gw: ExplorerGateway;
let phone: BrowserContext;
let profile = '';

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gw = await startExplorerGateway();
  profile = mkdtempSync(join(tmpdir(), 'dtl-chromium-levels-'));
  phone = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' });
  await phone.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
}, 240_000);

afterAll(async () => {
  await phone?.close();
  await gw?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('verdict levels on the public trace page (390×844)', () => {
  it('the demo fixtures all loaded under the custody, jurisdiction and lifecycle rules', () => {
    // The harness registers the provinces' gateway principals with its own keys first, so the fixtures' copies of
    // those registrations (and the access records they sign) are refused there; every other fixture must load.
    const ours = gw.fixtureFailures.filter((f) => !/^department\.register reg-\w+-gateway:|^sharing\.recordAccess access-\w+-\d+-\d+: KEY_UNKNOWN/.test(f));
    expect(ours).toEqual([]);
  });

  for (const language of ['zh-CN', 'en'] as const) {
    it(`shows every demo batch's level with its reason, in ${language}`, async () => {
      const page = await phone.newPage();
      const seen: Record<string, string> = {};
      for (const [batchId, level] of EXPECTED) {
        await page.goto(`${gw.baseUrl}/audit/?nofollow=1&lang=${language}#/trace/${batchId}`);
        await page.waitForSelector('main[data-ready="1"]', { timeout: 60_000 });
        seen[batchId] = (await page.getAttribute('#trace-verdict', 'data-level')) ?? '';
        const word = (await page.textContent('#trace-verdict .trace-word'))?.trim();
        const reason = (await page.textContent('#trace-level-reason'))?.trim() ?? '';
        expect([batchId, word]).toEqual([batchId, WORDS[language][level]]);
        expect(reason.length).toBeGreaterThan(5);
        if (language === 'zh-CN') {
          // No English sentence inside a zh-CN page: only ids and report numbers are Latin.
          expect(reason).not.toMatch(/\b(the|inspection|passed|recalled|batch|reason)\b/i);
          if (level === 'inspected-passed' || level === 'failed-inspection') expect(reason).toContain('北京时间');
        } else {
          expect(reason).toMatch(/[A-Za-z]{4,}/);
          if (level === 'inspected-passed' || level === 'failed-inspection') expect(reason).toContain('CST');
        }
        if (level === 'recalled') {
          const advice = (await page.textContent('#trace-level-advice')) ?? '';
          expect(advice).toContain('12315');
          expect(reason).toContain('食品安全法');
        }
        // Every event time in China Standard Time, and no English event name inside the zh-CN page.
        if (level !== 'unconfirmed') {
          const times = await page.locator('.trace-event-time').allTextContents();
          expect(times.length).toBeGreaterThan(0);
          expect(times.every((time) => time.endsWith(language === 'zh-CN' ? '北京时间' : 'CST'))).toBe(true);
          if (language === 'zh-CN') expect((await page.locator('.trace-event-kind').allTextContents()).filter((k) => /[A-Za-z]/.test(k))).toEqual([]);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.screenshot({ path: join(ARTIFACTS, `${language}-${batchId}.png`), fullPage: true });
      }
      expect(seen).toEqual(Object.fromEntries(EXPECTED));
      await page.close();
    });
  }

  it('names who inspected, and an inherited pass says where it comes from', async () => {
    const page = await phone.newPage();
    await page.goto(`${gw.baseUrl}/audit/?nofollow=1&lang=zh-CN#/trace/${TRACE_BATCHES.guapianShanghai}`);
    await page.waitForSelector('main[data-ready="1"]', { timeout: 60_000 });
    const reason = (await page.textContent('#trace-level-reason')) ?? '';
    expect(reason).toContain('金寨县市场监督管理局');
    expect(reason).toContain(TRACE_BATCHES.guapianTea);
    await page.goto(`${gw.baseUrl}/audit/?nofollow=1&lang=en#/trace/${TRACE_BATCHES.shihuGood}`);
    await page.waitForSelector('main[data-ready="1"]', { timeout: 60_000 });
    expect(await page.textContent('#trace-level-reason')).toContain('Huoshan County Administration for Market Regulation');
    await page.close();
  });
});
