/** `dtl import <file.csv> --type credit.entry` against a running gateway (issue 16): dry run, import, results CSV. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from '../http/test-support';
import { creditEntriesCsv } from '../import/credit-entries-csv';
import { demoApiKey } from '../keystore/bootstrap';
import { capture } from './capture-io';
import { main } from './main';

let gw: TestGateway;
let server: Server;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'dtl-cli-import-'));

beforeAll(async () => {
  gw = await startTestGateway();
  server = gw.server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await gw.close();
});

it('checks a CSV with --dry-run (bad cells named, nothing written), then imports it and writes the per-row results', async () => {
  const { csv } = creditEntriesCsv(12, 4, 7);
  const file = join(dir, '失信名单.csv');
  writeFileSync(file, csv);
  const height = await gw.ledger.height();
  const dry = capture();
  expect(await main(['import', file, '--type', 'credit.entry', '--dry-run', '--url', url, '--api-key', demoApiKey('sh-samr')], dry.io)).toBe(1);
  expect(dry.out()).toContain('preview: 12 rows, 9 valid, 3 with bad cells (nothing written)');
  expect(dry.out()).toMatch(/row 5, 失信类别: a-class-taxpayer does not belong on the black list/);
  expect(await gw.ledger.height()).toBe(height);

  const run = capture();
  const out = join(dir, 'results.csv');
  expect(await main(['import', file, '--type', 'credit.entry', '--out', out, '--url', url, '--api-key', demoApiKey('sh-samr')], run.io)).toBe(1);
  expect(run.out()).toMatch(/imported 9\/12 rows in [\d.]+ s/);
  const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
  expect(lines[0]).toBe('row,status,id,txId,blockNumber,code,message');
  expect(lines.filter((l) => l.includes(',committed,'))).toHaveLength(9);
  expect(lines.filter((l) => l.includes(',invalid,'))).toHaveLength(3);
});

it('refuses a CSV without --type, naming the flag', async () => {
  const c = capture();
  const file = join(dir, 'x.csv');
  writeFileSync(file, 'a\n1\n');
  expect(await main(['import', file, '--url', url, '--api-key', demoApiKey('sh-samr')], c.io)).toBe(2);
  expect(c.err()).toContain('--type');
});
