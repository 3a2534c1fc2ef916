/**
 * dtl tender replay on the demo tender (run in real time on the embedded ledger with the fixtures) and on tampered
 * evidence packages: each tampering refused, naming the record.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { TENDER_ID, TENDER_WINNER } from '@dtl/fixtures';
import { startTestGateway, type TestGateway } from '../http/test-support';
import { demoApiKey } from '../keystore/bootstrap';
import { capture } from './capture-io';
import { main } from './main';

let gw: TestGateway;
let server: Server;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'dtl-tender-cli-'));
const evidenceFile = join(dir, 'evidence.json');
const trustFile = join(dir, 'trust.json');
const CENTRE = 'ah-hf-ggzy';

beforeAll(async () => {
  gw = await startTestGateway({ fixtures: true });
  if (!gw.tender) throw new Error('no tender fixture');
  await gw.tender();
  server = gw.server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The bundle a verifier pins (out of band in real life; here the test gateway's own).
  writeFileSync(trustFile, JSON.stringify((await request(gw.server.app).get('/api/v1/trust')).body));
}, 120_000);
afterAll(async () => {
  server.close();
  await gw.close();
});

type Evidence = { records: { reveals: Array<{ record: { bid: { price: number } } }>; commits: Array<{ committedAt: string; record: { id: string } }>; award?: { record: { id: string; bidId: string } } }; proofs: Record<string, unknown>; headers: Array<{ number: number; hash: string }> };

function tampered(change: (e: Evidence) => void, name: string): string {
  const evidence = JSON.parse(readFileSync(evidenceFile, 'utf8')) as Evidence;
  change(evidence);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(evidence));
  return file;
}

describe('GET /tenders/:tenderId/evidence and dtl tender replay', () => {
  it('serves one package: every record with its proof, the block headers and the replay result', async () => {
    const res = await request(gw.server.app).get(`/api/v1/tenders/${TENDER_ID}/evidence`).set('Authorization', `Bearer ${await gw.token(CENTRE)}`);
    expect(res.status).toBe(200);
    const body = res.body as Evidence & { kind: string; replay: { ok: boolean } };
    expect(body.kind).toBe('dtl-tender-evidence');
    expect(body.replay.ok).toBe(true);
    expect(Object.keys(body.proofs).length).toBeGreaterThanOrEqual(1 + 4 + 4 + 1 + 1);
    expect(body.headers.length).toBeGreaterThan(0);
    expect((await request(gw.server.app).get('/api/v1/tenders/NO-SUCH-TENDER/evidence').set('Authorization', `Bearer ${await gw.token(CENTRE)}`)).status).toBe(404);
  });

  it('replays the demo tender by id: prints the ranking, the award equals the first rank, every proof valid', async () => {
    const c = capture();
    const code = await main(['tender', 'replay', TENDER_ID, '--trust', trustFile, '--url', url, '--api-key', demoApiKey(CENTRE), '--out', evidenceFile], c.io);
    expect(c.err()).toBe('');
    expect(c.out()).toContain(`1. ${TENDER_WINNER}`);
    expect(c.out()).toContain(`award: ${TENDER_WINNER} — equals the replayed first rank`);
    expect(c.out()).toContain('evidence: VALID');
    expect(code).toBe(0);
    // The same file offline, without the gateway.
    const offline = capture();
    expect(await main(['tender', 'replay', evidenceFile, '--trust', trustFile, '--json'], offline.io)).toBe(0);
    expect(JSON.parse(offline.out())).toMatchObject({ tenderId: TENDER_ID, verdict: 'VALID', valid: true, anchored: true, awardedBid: TENDER_WINNER, awardIsFirst: true });
    // dtl verify recognises the package and runs the same offline checks.
    const verified = capture();
    expect(await main(['verify', evidenceFile, '--trust', trustFile], verified.io)).toBe(0);
    expect(verified.out()).toContain('evidence: VALID');
    // Without a pinned bundle the same package is only consistent with itself: UNANCHORED, exit 3, never VALID.
    const unanchored = capture();
    expect(await main(['verify', evidenceFile], unanchored.io)).toBe(3);
    expect(unanchored.out()).toContain('evidence: UNANCHORED');
    expect(unanchored.out()).not.toContain('VALID —');
  });

  it('refuses a package whose revealed price was changed, naming the record', async () => {
    const file = tampered((e) => {
      const reveal = e.records.reveals[0];
      if (reveal) reveal.record.bid.price -= 1_000_000;
    }, 'price');
    const c = capture();
    expect(await main(['tender', 'replay', file], c.io)).toBe(1);
    expect(c.out()).toMatch(new RegExp(`REFUSED record ${TENDER_ID}-reveal-1: differs from the record its proof covers`));
    expect(c.out()).toContain('evidence: INVALID');
    const verified = capture();
    expect(await main(['verify', file], verified.io)).toBe(1);
  });

  it('refuses a late commit back-dated before the deadline, a swapped award and a forged block header', async () => {
    const late = tampered((e) => {
      const commit = e.records.commits[0];
      if (commit) commit.committedAt = '2000-01-01T00:00:00.000Z';
    }, 'backdated');
    const c1 = capture();
    expect(await main(['tender', 'replay', late], c1.io)).toBe(1);
    expect(c1.out()).toMatch(new RegExp(`REFUSED record ${TENDER_ID}-bid-1: committedAt 2000-01-01T00:00:00.000Z is not its transaction's time`));

    const swapped = tampered((e) => {
      if (e.records.award) e.records.award.record.bidId = `${TENDER_ID}-bid-1`;
    }, 'award');
    const c2 = capture();
    expect(await main(['tender', 'replay', swapped], c2.io)).toBe(1);
    expect(c2.out()).toContain(`REFUSED record ${TENDER_ID}-award: differs from the record its proof covers`);

    const header = tampered((e) => {
      const first = e.headers[0];
      if (first) first.hash = '00'.repeat(32);
    }, 'header');
    const c3 = capture();
    expect(await main(['tender', 'replay', header], c3.io)).toBe(1);
    expect(c3.out()).toMatch(/REFUSED record .*: block \d+ is not among the package's headers/);
  });

  it('bad input: not a package, an unknown file', async () => {
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ hello: 1 }));
    const c = capture();
    expect(await main(['tender', 'replay', join(dir, 'other.json')], c.io)).toBe(2);
    expect(c.err()).toContain('not a DTL tender evidence package');
  });
});
