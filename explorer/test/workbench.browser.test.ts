/**
 * End-to-end: the department workbench (/workbench/) in Debian's chromium at 1366×768, through the UI only, against
 * the real gateway on the embedded ledger with the fixtures. Each department signs in with its SM2 key (the fixture
 * dev key, written to a temp PEM file and chosen in the file input), fills forms generated from the record schemas,
 * signs in the page and submits; the test checks the committed record, its transaction and its proof through the
 * API. Every request the page makes is recorded: none may carry a private key. One browser, one context per
 * department. Screenshots of each step: test-artifacts/workbench/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { departmentDevKey, devKeyId } from '@dtl/fixtures';
import { bytesToHex } from '@dtl/chaincode/crypto';
import { startExplorerGateway, type ExplorerGateway } from './gateway-harness';

const CHROMIUM = process.env.DTL_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'workbench');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1366, height: 768 };

interface SeenRequest {
  readonly department: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

let gw: ExplorerGateway;
let browser: Browser;
const keyDir = mkdtempSync(join(tmpdir(), 'dtl-workbench-keys-'));
const seen: SeenRequest[] = [];
const contexts: BrowserContext[] = [];
/** Departments whose keys were in a page during the tests. */
const signedIn = new Set<string>();
const departmentOf = new Map<Page, string>();

function pemFile(department: string): string {
  const path = join(keyDir, `${department}.pem`);
  writeFileSync(path, departmentDevKey(department).privateKeyPem);
  return path;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A page for one department: its own context (nothing shared with the others), every request recorded. */
async function pageFor(department: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  // Everything is bundled: any request off 127.0.0.1 is a failure.
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
  const page = await context.newPage();
  departmentOf.set(page, department);
  page.on('request', (request: Request) => {
    seen.push({ department, url: request.url(), headers: request.headers(), body: request.postData() ?? '' });
  });
  return page;
}

async function signIn(page: Page, department: string, step: string): Promise<void> {
  await page.goto(`${gw.baseUrl}/workbench/`);
  await page.waitForSelector('[data-input="department"]');
  await page.fill('input[data-input="department"]', department);
  await page.fill('input[data-input="keyId"]', devKeyId(department));
  await page.setInputFiles('[data-input="pem"]', pemFile(department));
  await page.waitForSelector('[data-pem-chosen]');
  await shot(page, `${step}-sign-in`);
  await page.click('[data-signin]');
  await page.waitForSelector('[data-identity]');
  await page.waitForSelector('[data-welcome]');
  signedIn.add(department);
  expect(await page.textContent('[data-signer]')).toContain(devKeyId(department));
  expect(await page.textContent('[data-signer]')).toContain('本页 SM2 密钥');
}

/** Opens a form from the side menu: the family's sub-menu, then the form. */
async function openForm(page: Page, familyZh: string, key: string): Promise<void> {
  const link = page.locator(`[data-form-link="${key}"]`);
  if (!(await link.isVisible())) await page.locator('.el-sub-menu__title', { hasText: familyZh }).click();
  await link.click();
  await page.waitForSelector(`[data-form="${key}"]`);
}

const field = (path: string): string => `[data-field="${path}"]`;

async function fillText(page: Page, path: string, value: string): Promise<void> {
  await page.locator(`${field(path)} input, ${field(path)} textarea`).first().fill(value);
}

async function choose(page: Page, path: string, ...labels: string[]): Promise<void> {
  for (const label of labels) {
    await page.locator(`${field(path)} .el-select__wrapper`).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
  }
  await page.keyboard.press('Escape');
}

async function addTag(page: Page, path: string, value: string): Promise<void> {
  await page.locator(`${field(path)} .el-select__wrapper`).click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
}

async function setDateTime(page: Page, path: string, wallClock: string): Promise<void> {
  const input = page.locator(`${field(path)} input`).first();
  await input.click();
  await input.fill(wallClock);
  await input.press('Enter');
  await page.keyboard.press('Escape');
  expect(await input.inputValue()).toBe(wallClock);
}

async function chooseFile(page: Page, path: string, name: string, content: string): Promise<void> {
  await page.setInputFiles(`${field(path)} input[type=file]`, { name, mimeType: 'application/pdf', buffer: Buffer.from(content) });
  await page.waitForSelector(`${field(path)} .wb-digest`);
}

interface Committed {
  readonly recordId: string;
  readonly txId: string;
  readonly block: number;
}

/** Submits the open form and reads the committed record off the page; checks its proof through the API. */
async function submit(page: Page, step: string): Promise<Committed> {
  await page.click('[data-submit]');
  await page.waitForSelector('[data-committed], [data-refusal]');
  if (await page.locator('[data-refusal]').isVisible()) {
    await shot(page, `${step}-refused`);
    throw new Error(`refused: ${await page.textContent('[data-refusal]')}`);
  }
  const committed = {
    recordId: (await page.textContent('[data-record-id]'))?.trim() ?? '',
    txId: (await page.textContent('[data-tx-id]'))?.trim() ?? '',
    block: Number(await page.textContent('[data-block]')),
  };
  await shot(page, step);
  expect(await page.getAttribute('[data-proof-link]', 'href')).toBe(`/audit/#/tx/${committed.txId}`);
  // The proof the link leads to exists and is this record's (as its own department reads it).
  const proof = await gw.get<{ proof: { txId: string; blockNumber: number; record: { id: string; signature: { keyId: string } } } }>(`/api/v1/transactions/${committed.txId}/proof`, await gw.token(departmentOf.get(page) ?? ''));
  expect(proof.status).toBe(200);
  expect(proof.body.proof.blockNumber).toBe(committed.block);
  expect(proof.body.proof.record.id).toBe(committed.recordId);
  expect(proof.body.proof.record.signature.keyId).toBe(devKeyId(departmentOf.get(page) ?? ''));
  return committed;
}

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  gw = await startExplorerGateway();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await gw?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('department workbench in chromium', () => {
  it('a municipal regulator lists a company (a refused field shown next to it first), records its repair application, and decides it from its work list', async () => {
    const page = await pageFor('ah-cz-scjgj');
    await signIn(page, 'ah-cz-scjgj', 'regulator-01');
    expect(await page.textContent('[data-department]')).toBe('滁州市市场监督管理局');
    await shot(page, 'regulator-02-home');

    await openForm(page, '信用', 'credit.entry:black');
    await fillText(page, 'subject.creditCode', '91341181MA2PQ05F0X'); // wrong check character
    await fillText(page, 'subject.name', '天长市示范电子电器有限公司');
    await choose(page, 'category', '产品质量严重失信');
    await fillText(page, 'legalBasis', '《中华人民共和国产品质量法》第五十条；《市场监督管理严重违法失信名单管理办法》第十条');
    await fillText(page, 'decisionNumber', '滁市监信〔2026〕18号');
    await choose(page, 'measures', '限制参与政府采购', '加强日常监管');
    // Decided last year (the minimum publicity period has run by the time the repair is decided), Beijing time.
    await setDateTime(page, 'validFrom', '2025-09-01 09:00:00');
    await page.click('[data-submit]');
    await page.waitForSelector('[data-refusal]');
    const fieldError = await page.textContent(`${field('subject.creditCode')} .el-form-item__error`);
    expect(fieldError).toContain('校验位'); // the schema's rule, in Chinese, next to the field
    expect(await page.textContent('[data-refusal]')).toContain('INVALID_ARGUMENT');
    await shot(page, 'regulator-03-refused-credit-code');

    await fillText(page, 'subject.creditCode', '91341181MA2PQ05F0L');
    const entry = await submit(page, 'regulator-04-entry-committed');
    expect(await page.textContent('[data-signed-by]')).toContain(devKeyId('ah-cz-scjgj'));
    const stored = await gw.get<{ entry: { entryId: string; department: string; list: string } }>(`/api/v1/credit/entries/${entry.recordId}`, await gw.token('ah-cz-scjgj'));
    expect(stored.body.entry).toMatchObject({ entryId: entry.recordId, department: 'ah-cz-scjgj', list: 'black' });

    // Later: the company applies for a repair at the bureau's window; the officer records the application.
    await openForm(page, '信用', 'credit.repair.apply');
    await fillText(page, 'entryId', entry.recordId);
    await fillText(page, 'grounds', '已缴清罚款并完成整改，作出信用承诺，申请信用修复');
    await chooseFile(page, 'evidenceDigest', '整改报告.pdf', 'DEMO 整改报告 天长市示范电子电器有限公司');
    const application = await submit(page, 'regulator-05-repair-application');

    // The work list shows the application waiting for this bureau's decision; deciding it opens the form, preset.
    await gw.indexed();
    await page.locator('.el-sub-menu__title', { hasText: '工作清单' }).click();
    await page.locator('.el-menu-item', { hasText: '待我决定的信用修复' }).click();
    await page.waitForSelector(`[data-decide="${application.recordId}"]`);
    await shot(page, 'regulator-06-pending-repairs');
    await page.click(`[data-decide="${application.recordId}"]`);
    await page.waitForSelector('[data-form="credit.repair.decide"]');
    expect(await page.inputValue(`${field('repairId')} input`)).toBe(application.recordId);
    await choose(page, 'decision', '准予修复');
    await fillText(page, 'reason', '经核查整改到位，准予信用修复，移出严重违法失信名单');
    await submit(page, 'regulator-07-repair-decided');
    const after = await gw.get<{ entry: { status: string }; repairs: { repairId: string; status: string }[] }>(`/api/v1/credit/entries/${entry.recordId}`, await gw.token('ah-cz-scjgj'));
    expect(after.body.repairs.find((r) => r.repairId === application.recordId)?.status).toBe('approved');

    // The page is in Chinese: no English words in the zh-CN workbench.
    const visible = await page.locator('.wb-shell').innerText();
    expect(visible).not.toMatch(/\b(Submit|Sign|Record|Department|Committed|Block)\b/);
  });

  it('a cooperative registers a batch, records planting, harvest and processing; the county regulator records the inspection; the cooperative ships it and prints its label', async () => {
    const coop = await pageFor('ah-la-hs-coop-shihu');
    await signIn(coop, 'ah-la-hs-coop-shihu', 'cooperative-01');
    const batchId = `HS-SH-2026-${Date.now().toString(36).toUpperCase()}`;

    await openForm(coop, '产品追溯', 'trace.batch.register');
    await fillText(coop, 'batchId', batchId);
    await fillText(coop, 'product.name', '霍山石斛');
    await fillText(coop, 'product.standard', 'GB/T 18739 地理标志产品');
    await fillText(coop, 'origin.province', '安徽省');
    await fillText(coop, 'origin.city', '六安市');
    await fillText(coop, 'origin.county', '霍山县');
    await fillText(coop, 'origin.place', '太平畈乡');
    await choose(coop, 'producer.kind', '农民专业合作社');
    await fillText(coop, 'producer.name', '霍山县石斛种植专业合作社');
    await fillText(coop, 'producer.creditCode', '93341525MA2P1Q8R1R');
    await coop.locator(`${field('quantity')} input`).fill('60');
    await choose(coop, 'unit', '千克');
    await fillText(coop, 'harvestSeason', '2026-autumn');
    await submit(coop, 'cooperative-02-batch-registered');

    const event = async (key: string, step: string, fill: () => Promise<void>): Promise<Committed> => {
      await openForm(coop, '产品追溯', key);
      await fillText(coop, 'batchId', batchId);
      await fill();
      return submit(coop, step);
    };
    await event('trace.event:planting', 'cooperative-03-planting', async () => {
      await fillText(coop, 'details.plot', '太平畈乡石斛基地2号棚');
      await fillText(coop, 'details.variety', '霍山米斛');
    });
    await event('trace.event:harvest', 'cooperative-04-harvest', async () => fillText(coop, 'details.method', '三年生鲜条人工采收'));
    await event('trace.event:processing', 'cooperative-05-processing', async () => fillText(coop, 'details.process', '加工枫斗：烘焙、扭旋、定型'));

    const inspector = await pageFor('ah-la-hs-scjgj');
    await signIn(inspector, 'ah-la-hs-scjgj', 'inspector-01');
    await openForm(inspector, '产品追溯', 'trace.event:inspection');
    await fillText(inspector, 'batchId', batchId);
    await fillText(inspector, 'details.laboratory', '霍山县农产品质量安全检测站');
    await fillText(inspector, 'details.reportNumber', 'HSNJ-2026-1130-021');
    await chooseFile(inspector, 'details.reportDigest', '检测报告.pdf', 'DEMO INSPECTION REPORT HSNJ-2026-1130-021');
    await choose(inspector, 'details.result', '合格');
    await addTag(inspector, 'details.items', '重金属（镉、铅）');
    await addTag(inspector, 'details.items', '二氧化硫');
    await submit(inspector, 'inspector-02-inspection');

    await event('trace.event:shipment', 'cooperative-06-shipment', async () => {
      await fillText(coop, 'details.from', '安徽省六安市霍山县');
      await fillText(coop, 'details.to', '上海市黄浦区');
      await fillText(coop, 'details.carrier', '皖N·冷链物流');
    });
    await coop.click('[data-label-link]');
    await coop.waitForSelector('[data-qr] svg');
    expect(await coop.textContent('[data-label-batch]')).toBe(batchId);
    expect(await coop.textContent('[data-label]')).toContain('霍山县石斛种植专业合作社');
    await shot(coop, 'cooperative-07-label');

    const trace = await gw.get<{ verdict: string; events: { kind: string }[] }>(`/api/v1/trace/${batchId}`);
    expect(trace.status).toBe(200);
    expect(trace.body.verdict).toBe('genuine');

    await gw.indexed();
    await coop.locator('.el-sub-menu__title', { hasText: '工作清单' }).click();
    await coop.locator('.el-menu-item', { hasText: '本部门批次' }).click();
    await coop.waitForSelector(`[data-list="my-batches"] :text("${batchId}")`);
    expect(await coop.locator('[data-list="my-batches"] tr', { hasText: batchId }).innerText()).toContain('正品');
    await shot(coop, 'cooperative-08-my-batches');
  });

  it('no request the pages made carries a private key: not the PEM, not d in hex or base64, in no body and no header', async () => {
    expect(signedIn.size).toBeGreaterThanOrEqual(3);
    expect(seen.some((r) => r.url.includes('/api/v1/auth/token'))).toBe(true);
    expect(seen.filter((r) => r.body.includes('"signature"')).length).toBeGreaterThan(5);
    for (const department of signedIn) {
      const key = departmentDevKey(department);
      const d = bytesToHex(key.privateKey);
      const pemBody = key.privateKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      const raw = Buffer.from(key.privateKey);
      const forms = [d, d.toUpperCase(), pemBody, pemBody.slice(0, 40), raw.toString('base64'), raw.toString('base64url'), encodeURIComponent(raw.toString('base64')), 'PRIVATE KEY'];
      for (const request of seen) {
        const haystack = [request.url, request.body, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`)].join('\n');
        for (const form of forms) expect(haystack.includes(form)).toBe(false);
      }
    }
  });
});
