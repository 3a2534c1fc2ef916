/**
 * Bulk import through the workbench in chromium (1366×768): a municipal regulator uploads a CSV of black-list
 * entries, the columns map themselves from the header names, the preview names each bad cell, the good rows are
 * signed in the page and submitted with a progress bar, the chaincode's refusals come back per row, and the per-row
 * results download as CSV. Then a larger file (DTL_IMPORT_ROWS rows, 300 by default; 10000 for the figure)
 * is imported and the time printed. Screenshots: test-artifacts/workbench-import/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { departmentDevKey, devKeyId } from '@dtl/fixtures';
import { creditCodeCheckCharacter } from '../../chaincode/src/domain/credit/codes';
import { startExplorerGateway, type ExplorerGateway } from './gateway-harness';
import ExcelJS from 'exceljs';

const CHROMIUM = process.env.DTL_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'workbench-import');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROWS = Number(process.env.DTL_IMPORT_ROWS ?? 300);
const DEPARTMENT = 'ah-cz-scjgj';
const HEADER = '统一社会信用代码,名称,失信类别,认定依据,决定文书号,惩戒或激励措施,公示起始时间';

let gw: ExplorerGateway;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'dtl-workbench-import-'));
/** Every request body and header the page sent (the key-leak check at the end). */
const sent: string[] = [];

/** A valid credit code of a Chuzhou (3411xx) company: serial `n`, check character computed (GB 32100). */
function chuzhouCode(n: number): string {
  const first17 = `91341100MA${n.toString(36).toUpperCase().padStart(7, '0').replace(/[IOSVZ]/g, '1')}`;
  return `${first17}${creditCodeCheckCharacter(first17) ?? '0'}`;
}

function row(code: string, name: string, category = 'product-quality'): string {
  return `${code},${name},${category},《中华人民共和国产品质量法》第五十条,滁市监信〔2025〕${name.length}号,no-government-procurement|enhanced-supervision,2025-09-01T01:00:00Z`;
}

async function signIn(): Promise<void> {
  const pem = join(work, `${DEPARTMENT}.pem`);
  writeFileSync(pem, departmentDevKey(DEPARTMENT).privateKeyPem);
  await page.goto(`${gw.baseUrl}/workbench/`);
  await page.fill('input[data-input="department"]', DEPARTMENT);
  await page.fill('input[data-input="keyId"]', devKeyId(DEPARTMENT));
  await page.setInputFiles('[data-input="pem"]', pem);
  await page.waitForSelector('[data-pem-chosen]');
  await page.click('[data-signin]');
  await page.waitForSelector('[data-identity]');
}

async function openImport(file: string, content: string | Buffer): Promise<void> {
  await page.click('[data-menu-import]');
  await page.waitForSelector('[data-import]');
  await page.locator('[data-import-type] .el-select__wrapper').click().catch(async () => page.locator('.el-select__wrapper').first().click());
  await page.locator('.el-select-dropdown__item:visible', { hasText: '列入失信名单（黑名单）' }).first().click();
  const path = join(work, file);
  writeFileSync(path, typeof content === 'string' ? `\ufeff${content}` : content);
  await page.setInputFiles('[data-import-file]', path);
  await page.waitForSelector('[data-import-preview]');
}

async function runImport(): Promise<string> {
  await page.click('[data-import-submit]');
  await page.waitForSelector('[data-import-done]', { timeout: 1_800_000 });
  return (await page.textContent('[data-import-result]')) ?? '';
}

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  gw = await startExplorerGateway();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
  page = await context.newPage();
  page.on('request', (request) => sent.push([request.url(), request.postData() ?? '', ...Object.entries(request.headers()).map(([k, v]) => `${k}: ${v}`)].join('\n')));
  await signIn();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await gw?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('bulk import in the workbench', () => {
  it('previews a CSV naming each bad cell, submits the good rows signed in the page, and reports every row', async () => {
    const csv = [
      HEADER,
      row('91341181MA2PQ05F0L', '天长市示范电子电器有限公司'),
      row('91341182MA2NX7UG0P', '明光市皖东绿豆食品有限公司', 'no-such-category'),
      row('91341122MA2W3L8H0X', '来安县示范农产品加工有限公司'), // wrong check character: the chaincode's rule
      row(chuzhouCode(1), '滁州示范一号有限公司'),
    ].join('\r\n');
    await openImport('entries.csv', csv);
    expect(await page.textContent('[data-import-summary]')).toContain('共 4 行，其中 1 行');
    expect(await page.textContent('[data-bad-cell="2:失信类别"]')).toContain('取值不在允许范围内');
    expect(await page.textContent('[data-bad-cell="2:失信类别"]')).toContain('产品质量严重失信');
    await page.screenshot({ path: join(ARTIFACTS, 'import-01-preview.png'), fullPage: true });

    const result = await runImport();
    expect(result).toContain('2 行已上链，2 行未上链');
    await page.screenshot({ path: join(ARTIFACTS, 'import-02-done.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-import-download]')]);
    const saved = join(work, 'results.csv');
    await download.saveAs(saved);
    const lines = readFileSync(saved, 'utf8').replace(/^\ufeff/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('row,status,recordId,txId,block,code,message');
    expect(lines[1]).toMatch(/^1,committed,credit-entry-ah-cz-scjgj-\d{8}-[0-9a-f]{8},[0-9a-f]{64},\d+,,$/);
    expect(lines[2]).toMatch(/^2,invalid,,,,INVALID_CELL,/);
    expect(lines[3]).toMatch(/^3,refused,credit-entry-ah-cz-scjgj-\S+,,,INVALID_ARGUMENT,.*check character/);
    expect(lines[4]).toMatch(/^4,committed,/);
    const committed = lines[1]?.split(',')[2] ?? '';
    const stored = await gw.get<{ entry: { department: string; subjectKey: string } }>(`/api/v1/credit/entries/${committed}`, await gw.token(DEPARTMENT));
    expect(stored.body.entry).toMatchObject({ department: DEPARTMENT, subjectKey: 'org:91341181MA2PQ05F0L' });
  });

  it('reads an Excel workbook in the page the same way (header row, cells by their text), and submits its good rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('失信名单');
    for (const line of [HEADER, row(chuzhouCode(2), '滁州示范二号有限公司'), row(chuzhouCode(3), '滁州示范三号有限公司', 'no-such-category')]) sheet.addRow(line.split(','));
    await openImport('entries.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    // The previous test's preview is still on the page until the workbook has been read.
    await page.waitForFunction(() => document.querySelector('[data-import-summary]')?.textContent?.includes('共 2 行') === true || document.querySelector('.el-alert--error') !== null, undefined, { timeout: 30_000 });
    expect(await page.textContent('[data-import-summary]')).toContain('共 2 行，其中 1 行');
    expect(await page.textContent('[data-bad-cell="2:失信类别"]')).toContain('取值不在允许范围内');
    await page.screenshot({ path: join(ARTIFACTS, 'import-02b-excel-preview.png'), fullPage: true });
    expect(await runImport()).toContain('1 行已上链，1 行未上链');
  });

  it(`imports ${ROWS} rows and prints the time`, async () => {
    const lines = [HEADER];
    for (let i = 0; i < ROWS; i++) lines.push(row(chuzhouCode(1000 + i), `滁州示范企业${i}有限公司`, i % 100 === 99 ? 'bad-category' : 'product-quality'));
    await openImport('entries-many.csv', lines.join('\r\n'));
    const started = Date.now();
    const result = await runImport();
    const seconds = (Date.now() - started) / 1000;
    const bad = Math.floor(ROWS / 100);
    expect(result).toContain(`${ROWS - bad} 行已上链，${bad} 行未上链`);
    await page.screenshot({ path: join(ARTIFACTS, 'import-03-many.png'), fullPage: true });
    const key = departmentDevKey(DEPARTMENT);
    const d = Buffer.from(key.privateKey);
    const pemBody = key.privateKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    for (const form of [d.toString('hex'), d.toString('hex').toUpperCase(), d.toString('base64'), d.toString('base64url'), pemBody, 'PRIVATE KEY']) {
      expect(sent.filter((text) => text.includes(form))).toEqual([]);
    }
    expect(sent.filter((text) => text.includes('"signature"')).length).toBeGreaterThanOrEqual(ROWS - bad);
    process.stdout.write(`workbench import: ${ROWS} rows (${bad} with a bad cell) in ${seconds.toFixed(1)} s, ${((ROWS - bad) / seconds).toFixed(1)} committed rows/s\n`);
  }, 1_800_000);
});
