import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, sm2GenerateKeyPair, sm2PrivateKeyToPem } from '@dtl/chaincode/crypto';
import { startTestGateway, type TestGateway } from '../http/test-support';
import { demoApiKey } from '../keystore/bootstrap';
import { capture } from './capture-io';
import { main } from './main';
import { progressBar, recordsFrom } from './gateway-commands';

let gw: TestGateway;
let server: Server;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'dtl-cli-'));

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

describe('dtl submit, import and verify against a running gateway', () => {
  it('submits a record signed locally (--key), then verifies the proof offline with --header and --chain', async () => {
    const held = gw.keystore.keyFor('zj-hz-sjj');
    if (!held) throw new Error('no key');
    writeFileSync(join(dir, 'key.pem'), sm2PrivateKeyToPem(held.privateKey));
    const pair = sm2GenerateKeyPair();
    writeFileSync(join(dir, 'rotate.json'), JSON.stringify({ type: 'department.key.rotate', id: 'cli-rot-1', department: 'zj-hz-sjj', key: { keyId: 'zj-hz-sjj#cli', publicKey: bytesToHex(pair.publicKey), validFrom: '2025-01-01T00:00:00Z' } }));
    const c = capture();
    const code = await main(['submit', join(dir, 'rotate.json'), '--url', url, '--api-key', demoApiKey('zj-hz-sjj'), '--key', join(dir, 'key.pem'), '--key-id', held.keyId, '--out', join(dir, 'answer.json')], c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    const answer = JSON.parse(readFileSync(join(dir, 'answer.json'), 'utf8')) as { proof: { blockNumber: number } };

    const self = capture();
    expect(await main(['verify', join(dir, 'answer.json')], self.io)).toBe(3);
    expect(self.out()).toContain('proof: UNANCHORED');

    const block = await fetch(`${url}/api/v1/blocks/${answer.proof.blockNumber}`, { headers: { authorization: `Bearer ${await gw.token('zj-hz-sjj')}` } });
    writeFileSync(join(dir, 'header.json'), JSON.stringify(await block.json()));
    const anchored = capture();
    // a trusted header is one more comparison, not an anchor
    expect(await main(['verify', join(dir, 'answer.json'), '--header', join(dir, 'header.json')], anchored.io)).toBe(3);
    expect(anchored.out()).toContain('ok   trusted-block');
    expect(anchored.out()).toContain('proof: UNANCHORED');

    const forged = JSON.parse(readFileSync(join(dir, 'answer.json'), 'utf8')) as { proof: { record: { key: { keyId: string } } } };
    forged.proof.record.key.keyId = 'zj-hz-sjj#evil';
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    const bad = capture();
    expect(await main(['verify', join(dir, 'forged.json'), '--header', join(dir, 'header.json')], bad.io)).toBe(1);
    expect(bad.out()).toContain('FAIL record-signature');
    const junk = capture();
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    expect(await main(['verify', join(dir, 'junk.json')], junk.io)).toBe(2);
  });

  it('imports records with a progress bar and reports refusals', async () => {
    const records = [1, 2, 3].map((n) => ({ type: 'department.key.revoke', id: `cli-imp-${n}`, department: 'sh-samr', keyId: `sh-samr#none-${n}`, reason: 'superseded' }));
    writeFileSync(join(dir, 'records.ndjson'), records.map((r) => JSON.stringify(r)).join('\n'));
    const c = capture();
    const code = await main(['import', join(dir, 'records.ndjson'), '--url', url, '--api-key', demoApiKey('sh-samr'), '--concurrency', '2'], c.io);
    expect(c.err()).toContain('3/3');
    expect(c.out()).toMatch(/imported \d\/3 records/);
    expect([0, 1]).toContain(code);
    expect(recordsFrom('[{"record":{"id":"a"}},{"id":"b"}]').map((r) => r.id)).toEqual(['a', 'b']);
    expect(progressBar(5, 10, 1, 10)).toBe('\r[#####.....] 5/10 (1 refused)');
  });

  it('verifies against a copy of the chain (--chain) once the ledger is closed', async () => {
    const answer = join(dir, 'answer.json');
    // the operator's running gateway can export it too (its data dir is locked while it runs)
    const viaGateway = capture();
    expect(await main(['trust', 'export', '--url', url, '--publisher', 'Zhejiang data bureau', '--out', join(dir, 'trust-url.json')], viaGateway.io)).toBe(0);
    await gw.ledger.close();
    const c = capture();
    const code = await main(['verify', answer, '--chain', gw.dataDir], c.io);
    expect(c.out()).toContain('ok   chain-signer-key');
    expect(c.out()).toContain('ok   chain-block ');
    expect(code).toBe(3); // the copy's own key file is no anchor
    const exported = capture();
    expect(await main(['trust', 'export', '--data', gw.dataDir, '--publisher', 'Zhejiang data bureau', '--out', join(dir, 'trust.json')], exported.io)).toBe(0);
    expect(exported.out()).toMatch(/^trust bundle [0-9A-F]{4}(-[0-9A-F]{4}){4} {2}\(embedded, published by Zhejiang data bureau/);
    expect(viaGateway.out().split('\n')[0]?.slice(0, 37)).toBe(exported.out().split('\n')[0]?.slice(0, 37)); // same fingerprint
    const shown = capture();
    expect(await main(['trust', 'show', join(dir, 'trust.json')], shown.io)).toBe(0);
    expect(shown.out()).toBe(exported.out());
    const anchored = capture();
    expect(await main(['verify', answer, '--trust', join(dir, 'trust.json'), '--chain', gw.dataDir], anchored.io)).toBe(0);
    expect(anchored.out()).toContain('proof: VALID');
  });
});
