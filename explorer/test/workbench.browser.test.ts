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
import { bytesToHex, sm3Hex } from '@dtl/chaincode/crypto';
import { bidCommitment } from '../../chaincode/src/domain/tender/commitment';
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
/** The batch the cooperative registered (the e-seal test inspects it again). */
let cooperativeBatch = '';

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
  // The same form again (the next bid, the next score): start a new record from the result.
  const result = page.locator(`[data-form="${key}"] [data-committed]`);
  if (await result.isVisible()) await result.locator('button', { hasText: '重新填写' }).click();
  await page.waitForSelector(`[data-form="${key}"] [data-submit]`);
}

const field = (path: string): string => `[data-field="${path}"]`;

/** An instant as the date-time pickers show it: Beijing wall-clock time. */
function cst(ms: number): string {
  const iso = new Date(ms + 8 * 3_600_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

const sleepUntil = (at: number): Promise<void> => new Promise((done) => setTimeout(done, Math.max(0, at - Date.now()) + 500));

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
    throw new Error(`refused: ${await page.textContent('[data-refusal]')} (${await page.locator('[data-refusal] [title]').first().getAttribute('title')})`);
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
    cooperativeBatch = batchId;

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
    // The same address as every other QR code of the batch (the gateway's, under DTL_PUBLIC_URL).
    const address = await gw.get<{ address: string }>(`/api/v1/public/batches/${encodeURIComponent(batchId)}/address`);
    expect(await coop.getAttribute('[data-qr]', 'data-address')).toBe(address.body.address);
    expect(address.body.address).toMatch(/\/trace\/[^?]+\?c=/);
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

  it('a department whose key the gateway holds signs in with the e-seal; the page says the gateway sealed its record', async () => {
    expect(cooperativeBatch).not.toBe('');
    const page = await pageFor('ah-la-hs-nyj');
    await page.goto(`${gw.baseUrl}/workbench/`);
    await page.click('[data-mode="eseal"]');
    await page.fill('input[data-input="apiKey"]', gw.apiKey('ah-la-hs-nyj'));
    await shot(page, 'eseal-01-sign-in');
    await page.click('[data-signin]');
    await page.waitForSelector('[data-identity]');
    const held = gw.keystore.keyFor('ah-la-hs-nyj')?.keyId ?? '';
    expect(held).not.toBe('');
    expect(await page.textContent('[data-signer]')).toBe(`网关电子印章（${held}）`);

    await openForm(page, '产品追溯', 'trace.event:inspection');
    await fillText(page, 'batchId', cooperativeBatch);
    await fillText(page, 'details.laboratory', '霍山县农产品质量安全检测站');
    await fillText(page, 'details.reportNumber', 'HSNJ-2026-1130-022');
    await chooseFile(page, 'details.reportDigest', '复检报告.pdf', 'DEMO INSPECTION REPORT HSNJ-2026-1130-022');
    await choose(page, 'details.result', '合格');
    await page.click('[data-submit]');
    await page.waitForSelector('[data-committed], [data-refusal]');
    if (await page.locator('[data-refusal]').isVisible()) throw new Error(`refused: ${await page.locator('[data-refusal] [title]').first().getAttribute('title')}`);
    expect(await page.textContent('[data-signed-by]')).toBe(`网关电子印章签名（${held}）`);
    await shot(page, 'eseal-02-sealed-by-gateway');
    const txId = (await page.textContent('[data-tx-id]'))?.trim() ?? '';
    const proof = await gw.get<{ proof: { record: { signature: { keyId: string } } } }>(`/api/v1/transactions/${txId}/proof`, await gw.token('ah-la-hs-nyj'));
    expect(proof.body.proof.record.signature.keyId).toBe(held);
  });

  it('a trading centre publishes a tender, takes three sealed bids, draws the experts, reveals; the drawn experts sign their scores; the centre evaluates and the award authority awards', async () => {
    // Three members of the shared expert pool declare their speciality in their own workbench.
    const experts = ['expert-sh-001', 'expert-zj-001', 'expert-ah-001'];
    const expertPages = new Map<string, Page>();
    for (const [e, expert] of experts.entries()) {
      const page = await pageFor(expert);
      await signIn(page, expert, `tender-00-expert-${e + 1}`);
      await openForm(page, '招标投标', 'tender.expert.profile');
      await addTag(page, 'specialities', 'municipal-roads');
      await submit(page, `tender-00-expert-${e + 1}-profile`);
      expertPages.set(expert, page);
    }

    const centre = await pageFor('js-nj-ggzy');
    await signIn(centre, 'js-nj-ggzy', 'tender-01');
    const tenderId = `JS-NJ-GC-${Date.now().toString(36).toUpperCase()}`;
    const bidDeadline = Date.now() + 75_000;
    const revealDeadline = bidDeadline + 45_000;

    await openForm(centre, '招标投标', 'tender.publish');
    await fillText(centre, 'tenderId', tenderId);
    await fillText(centre, 'title', '南京市江北新区示范道路改造工程施工');
    await choose(centre, 'category', '工程');
    await fillText(centre, 'purchaser', 'js-nj-scjgj');
    await chooseFile(centre, 'documentDigest', '招标文件.pdf', `DEMO 招标文件 ${tenderId}`);
    await setDateTime(centre, 'bidDeadline', cst(bidDeadline));
    await setDateTime(centre, 'revealDeadline', cst(revealDeadline));
    await centre.locator(`${field('ceilingPrice')} input`).fill('4850000000');
    await centre.locator(`${field('criteria.priceWeight')} input`).fill('60');
    await centre.locator(`${field('criteria.technicalWeight')} input`).fill('40');
    await centre.locator(`${field('experts.count')} input`).fill('3');
    await addTag(centre, 'experts.specialities', 'municipal-roads');
    await fillText(centre, 'awardAuthority', 'js-nj-scjgj');
    await submit(centre, 'tender-02-published');

    // Sealed bids: each bidder's tool computed its commitment (SM3 over the bid and a salt); the centre records it.
    const salt = '5a'.repeat(16);
    const bidders = [
      { code: '91340100MA2W1X3K8U', name: '合肥示范路桥建设有限公司', price: 4_600_000_000 },
      { code: '91340104MA2X2Y4L18', name: '安徽示范市政工程有限公司', price: 4_400_000_000 },
      { code: '91320100MA1W5C7P79', name: '南京示范交通工程有限公司', price: 4_500_000_000 },
    ];
    const proposal = (code: string): string => `DEMO 技术标 ${tenderId} ${code}`;
    const bids = bidders.map((b) => ({ tenderId, bidderCreditCode: b.code, price: b.price, proposalDigest: sm3Hex(proposal(b.code)), durationDays: 240 }));
    const bidIds: string[] = [];
    for (const [i, bidder] of bidders.entries()) {
      await openForm(centre, '招标投标', 'tender.bid.commit');
      await fillText(centre, 'tenderId', tenderId);
      await fillText(centre, 'bidderCreditCode', bidder.code);
      await fillText(centre, 'bidderName', bidder.name);
      await fillText(centre, 'commitment', bidCommitment(bids[i] as (typeof bids)[number], salt));
      bidIds.push((await submit(centre, `tender-03-bid-${i + 1}`)).recordId);
    }

    await sleepUntil(bidDeadline);
    await openForm(centre, '招标投标', 'tender.draw');
    await fillText(centre, 'tenderId', tenderId);
    await submit(centre, 'tender-04-experts-drawn');
    const drawn = ((await centre.textContent('[data-ref="drawn"]')) ?? '').split(',').filter((e) => e);
    expect([...drawn].sort()).toEqual([...experts].sort());

    for (const [i, bid] of bids.entries()) {
      await openForm(centre, '招标投标', 'tender.bid.reveal');
      await fillText(centre, 'tenderId', tenderId);
      await fillText(centre, 'bidId', bidIds[i] ?? '');
      await fillText(centre, 'bid.tenderId', tenderId);
      await fillText(centre, 'bid.bidderCreditCode', bid.bidderCreditCode);
      await centre.locator(`${field('bid.price')} input`).fill(String(bid.price));
      await chooseFile(centre, 'bid.proposalDigest', '技术标.pdf', proposal(bid.bidderCreditCode));
      await centre.locator(`${field('bid.durationDays')} input`).fill(String(bid.durationDays));
      await fillText(centre, 'salt', salt);
      await submit(centre, `tender-05-reveal-${i + 1}`);
    }

    await sleepUntil(revealDeadline);
    for (const [e, expert] of drawn.entries()) {
      const page = expertPages.get(expert);
      if (!page) throw new Error(`${expert} was drawn but is not in the pool this test set up`);
      for (const [b, bidId] of bidIds.entries()) {
        await openForm(page, '招标投标', 'tender.score');
        await fillText(page, 'tenderId', tenderId);
        await fillText(page, 'bidId', bidId);
        await page.locator(`${field('score')} input`).fill(String(8000 + 300 * b + 50 * e));
        await chooseFile(page, 'sheetDigest', '评分表.pdf', `评分表 ${expert} ${bidId}`);
        await submit(page, `tender-07-expert-${e + 1}-score-${b + 1}`);
      }
    }

    await openForm(centre, '招标投标', 'tender.evaluate');
    await fillText(centre, 'tenderId', tenderId);
    await submit(centre, 'tender-08-evaluated');
    const recommended = ((await centre.textContent('[data-ref="recommended"]')) ?? '').split(',');
    expect(bidIds).toContain(recommended[0]);

    const authority = await pageFor('js-nj-scjgj');
    await signIn(authority, 'js-nj-scjgj', 'tender-09-award-authority');
    await openForm(authority, '招标投标', 'tender.award');
    await fillText(authority, 'tenderId', tenderId);
    await fillText(authority, 'bidId', recommended[0] ?? '');
    await submit(authority, 'tender-10-awarded');

    await gw.indexed();
    const listed = await gw.get<{ items: { tenderId: string; stage: string }[] }>(`/api/v1/index/tenders?department=js-nj-ggzy`, await gw.token('js-nj-ggzy'));
    expect(listed.body.items.find((t) => t.tenderId === tenderId)?.stage).toBe('awarded');
    await centre.locator('.el-sub-menu__title', { hasText: '工作清单' }).click();
    await centre.locator('.el-menu-item', { hasText: '本部门招标项目' }).click();
    await centre.waitForSelector(`[data-list="my-tenders"] :text("${tenderId}")`);
    expect(await centre.locator('[data-list="my-tenders"] tr', { hasText: tenderId }).innerText()).toContain('已定标');
    await shot(centre, 'tender-11-my-tenders');
  }, 420_000);

  it("a data officer approves another province's request from its work list", async () => {
    const requester = await pageFor('js-nj-scjgj');
    await signIn(requester, 'js-nj-scjgj', 'sharing-01-requester');
    await openForm(requester, '数据共享', 'sharing.request');
    await fillText(requester, 'owner', 'ah-cz-scjgj');
    await fillText(requester, 'resourceId', 'food-licences');
    await fillText(requester, 'purpose', '苏皖跨省食品安全执法协查（明光绿豆制品）');
    await addTag(requester, 'subjects', '91341182MA2NX7UG0P');
    await setDateTime(requester, 'until', '2027-12-31 23:59:59');
    const request = await submit(requester, 'sharing-02-requested');

    const officer = await pageFor('ah-cz-scjgj');
    await signIn(officer, 'ah-cz-scjgj', 'sharing-03-officer');
    await gw.indexed();
    await officer.locator('.el-sub-menu__title', { hasText: '工作清单' }).click();
    await officer.locator('.el-menu-item', { hasText: '待我审批的共享申请' }).click();
    await officer.waitForSelector(`[data-approve="${request.recordId}"]`);
    await shot(officer, 'sharing-04-pending-requests');
    await officer.click(`[data-approve="${request.recordId}"]`);
    await officer.waitForSelector('[data-form="sharing.grant:approved"]');
    expect(await officer.inputValue(`${field('requestId')} input`)).toBe(request.recordId);
    await addTag(officer, 'subjects', '91341182MA2NX7UG0P');
    await setDateTime(officer, 'validTo', '2027-12-31 23:59:59');
    await fillText(officer, 'reason', '同意用于执法协查，限定涉及主体');
    const grant = await submit(officer, 'sharing-05-approved');

    await gw.indexed();
    const rows = await gw.get<{ items: { recordId: string; status: string }[] }>(`/api/v1/index/sharing?kind=request&owner=ah-cz-scjgj`, await gw.token('ah-cz-scjgj'));
    expect(rows.body.items.find((r) => r.recordId === request.recordId)?.status).toBe('approved');
    expect(grant.recordId).toMatch(/^sharing-grant-ah-cz-scjgj-/);
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
