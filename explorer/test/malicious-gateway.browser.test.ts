/**
 * A gateway that lies, in chromium: a test server on 127.0.0.1 in front of the real gateway serves forged records,
 * swapped keys, edited block headers and a false "genuine" verdict. The public QR trace page and the explorer's
 * transaction view, verifying against the bundle the user pinned, show red or grey for each, never green; the same
 * pages against the honest server with the pin show green, and without a pin grey.
 */
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { bytesToHex, hexToBytes, sm2GenerateKeyPair, sm2Sign, signRecord } from '@dtl/chaincode/crypto';
import { TRACE_BATCHES } from '@dtl/fixtures';
import { computeHeaderHash } from '../../gateway/src/ledger/embedded/block';
import type { Proof } from '../../gateway/src/proof/types';
import { embeddedTrustBundle } from '../../gateway/src/trust/export-embedded';
import { startExplorerGateway, type ExplorerGateway } from './gateway-harness';

const CHROMIUM = process.env.DTL_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'explorer');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Lie = 'none' | 'forged-record' | 'swapped-keys' | 'edited-headers' | 'false-genuine' | 'no-proofs';
type Json = Record<string, unknown>;

let gw: ExplorerGateway;
let liar: Server;
let liarUrl = '';
let lie: Lie = 'none';
let pinned = '';
const profiles: string[] = [];
const contexts: BrowserContext[] = [];
const attacker = sm2GenerateKeyPair();

function unsigned(record: Json): Json {
  const { signature: _s, ...rest } = record;
  void _s;
  return rest;
}

function forgeRecord(record: Json): Json {
  return { ...record, occurredAt: '2020-01-01T00:00:00Z', note: '伪造' };
}

/** The record re-signed by the attacker under the same key id. */
function resign(record: Json): Json {
  const keyId = (record.signature as { keyId: string }).keyId;
  return signRecord(unsigned(record), { privateKey: attacker.privateKey, keyId }) as Json;
}

function swapProofKey(proof: Proof): Proof {
  const record = resign(proof.record as Json) as Proof['record'];
  const registration = proof.keyProvenance;
  const fakeRegistration = registration
    ? { ...registration, record: resign({ ...(registration.record as Json), key: { ...(registration.record.key as Json), publicKey: bytesToHex(attacker.publicKey) } }) as Proof['record'] }
    : undefined;
  return { ...proof, record, signature: record.signature, signerPublicKey: bytesToHex(attacker.publicKey), ...(fakeRegistration ? { keyProvenance: fakeRegistration } : {}) };
}

function editHeader(proof: Proof): Proof {
  const header = { ...proof.header, timestamp: '2020-01-01T00:00:00.000Z' };
  const hash = computeHeaderHash({ number: header.number, previousHash: header.previousHash, dataHash: header.dataHash, metadataHash: header.metadataHash ?? '', timestamp: header.timestamp });
  return { ...proof, header, blockHash: hash, blockSignature: { algorithm: 'SM2-SM3', signer: 'attacker', value: bytesToHex(sm2Sign(hexToBytes(hash), attacker.privateKey)) } };
}

/** What the lying server does to a JSON answer. */
function tamper(path: string, body: unknown): unknown {
  if (lie === 'none') return body;
  const b = body as Json;
  if (/^\/api\/v1\/trace\/[^/]+$/.test(path)) {
    const chain = (b.chain as Json[] | undefined) ?? [];
    const recordAt = (i: number, f: (r: Json) => Json): void => {
      const entry = chain[i];
      if (entry) entry.record = f(entry.record as Json);
    };
    if (lie === 'forged-record') recordAt(0, forgeRecord);
    if (lie === 'swapped-keys') chain.forEach((_, i) => recordAt(i, resign));
    return { ...b, chain, verdict: 'genuine', reasons: [] };
  }
  if (/^\/api\/v1\/trace\/[^/]+\/proofs$/.test(path)) {
    let proofs = (b.proofs as Proof[] | undefined) ?? [];
    if (lie === 'forged-record') proofs = proofs.map((p, i) => (i === 0 ? { ...p, record: forgeRecord(p.record as Json) as Proof['record'] } : p));
    if (lie === 'swapped-keys') proofs = proofs.map(swapProofKey);
    if (lie === 'edited-headers') proofs = proofs.map(editHeader);
    if (lie === 'no-proofs') proofs = [];
    return { ...b, proofs };
  }
  if (/^\/api\/v1\/transactions\/[^/]+\/proof$/.test(path)) {
    const proof = b.proof as Proof;
    if (lie === 'forged-record') return { proof: { ...proof, record: forgeRecord(proof.record as Json) } };
    if (lie === 'swapped-keys') return { proof: swapProofKey(proof) };
    if (lie === 'edited-headers') return { proof: editHeader(proof) };
    if (lie === 'no-proofs') return undefined;
  }
  if (/^\/api\/v1\/transactions\/[^/]+$/.test(path)) {
    const args = (b.args as string[] | undefined) ?? [];
    const record = args[0] && args[0].startsWith('{') ? (JSON.parse(args[0]) as Json) : undefined;
    if (record && lie === 'forged-record') return { ...b, args: [JSON.stringify(forgeRecord(record)), ...args.slice(1)] };
    if (record && lie === 'swapped-keys') return { ...b, args: [JSON.stringify(resign(record)), ...args.slice(1)] };
  }
  if (/^\/api\/v1\/blocks\/\d+$/.test(path) && lie === 'edited-headers') {
    // the header edited and its hash recomputed, so that the hash and the link to the previous block still check
    const timestamp = '2020-01-01T00:00:00.000Z';
    const hash = computeHeaderHash({ number: b.number as number, previousHash: b.previousHash as string, dataHash: b.dataHash as string, metadataHash: b.metadataHash as string, timestamp });
    return { ...b, timestamp, hash };
  }
  if (/^\/api\/v1\/keys\//.test(path) && lie === 'swapped-keys') return { ...b, key: { ...((b.key as Json) ?? {}), publicKey: bytesToHex(attacker.publicKey) } };
  return body;
}

async function relay(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', liarUrl);
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'accept', 'x-dtl-purpose', 'content-type']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const upstream = await fetch(`${gw.baseUrl}${url.pathname}${url.search}`, { method: req.method ?? 'GET', headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });
  const type = upstream.headers.get('content-type') ?? '';
  if (type.includes('application/json') && upstream.ok) {
    // JSON.parse here, not upstream.json(): objects of this realm, so the crypto module accepts them as plain objects
    const answer = tamper(url.pathname, JSON.parse(await upstream.text()) as unknown);
    if (answer === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"gone"}}');
      return;
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    return;
  }
  res.writeHead(upstream.status, { 'content-type': type || 'application/octet-stream' }).end(Buffer.from(await upstream.arrayBuffer()));
}

async function browser(pin: boolean, token?: string): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'dtl-chromium-'));
  profiles.push(profile);
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  contexts.push(ctx);
  await ctx.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
  if (pin) await ctx.addInitScript((bundle: string) => window.localStorage.setItem('dtl.trust.bundle', bundle), pinned);
  if (token) await ctx.addInitScript((t: string) => window.localStorage.setItem('dtl.token', t), token);
  return ctx;
}

async function traceVerdict(ctx: BrowserContext, batchId: string, shot: string): Promise<{ verdict: string | null; events: (string | null)[] }> {
  const page: Page = await ctx.newPage();
  await page.goto(`${liarUrl}/audit/?nofollow=1&lang=en#/trace/${encodeURIComponent(batchId)}`);
  await page.waitForSelector('main[data-ready="1"]', { timeout: 60_000 });
  const verdict = await page.getAttribute('#trace-verdict', 'data-verdict');
  const events = await page.locator('.trace-event').evaluateAll((els) => els.map((el) => el.getAttribute('data-signature')));
  await page.screenshot({ path: join(ARTIFACTS, `20-malicious-${shot}.png`), fullPage: true });
  await page.close();
  return { verdict, events };
}

async function txStatus(ctx: BrowserContext, txId: string): Promise<{ verdict: string | null; signature: string | null }> {
  const page: Page = await ctx.newPage();
  await page.goto(`${liarUrl}/audit/?nofollow=1&lang=en#/tx/${txId}`);
  await page.waitForSelector('main[data-ready="1"]', { timeout: 60_000 });
  const answer = { verdict: await page.getAttribute('#verdict', 'data-verdict'), signature: await page.getAttribute('#signature-status', 'data-status') };
  await page.close();
  return answer;
}

const GREEN = new Set(['genuine', 'valid']);
const NOT_GREEN = expect.not.stringMatching(/^(genuine|valid)$/);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gw = await startExplorerGateway();
  pinned = JSON.stringify(embeddedTrustBundle((await gw.ledger.block(0))?.hash ?? '', [gw.ledger.blockSigningKey()], 'province (pinned out of band)'));
  liar = createServer((req, res) => {
    relay(req, res).catch((error: unknown) => {
      process.stderr.write(`liar relay failed: ${String((error as Error).stack ?? error)}\n`);
      res.writeHead(502).end(String(error));
    });
  });
  liar.listen(0, '127.0.0.1');
  await once(liar, 'listening');
  liarUrl = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
}, 240_000);

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await new Promise<void>((done) => (liar ? liar.close(() => done()) : done()));
  await gw?.close();
  for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
});

describe('a malicious gateway cannot get a green verdict', () => {
  const batch = TRACE_BATCHES.shihuGood;

  it('control: the honest server with the pinned bundle is green; without a pin the same page is grey', async () => {
    lie = 'none';
    const honest = await traceVerdict(await browser(true), batch, 'honest');
    expect(honest.verdict).toBe('genuine');
    expect(honest.events.length).toBeGreaterThan(1);
    expect(honest.events.every((s) => s === 'valid')).toBe(true);
    const unpinned = await traceVerdict(await browser(false), batch, 'unpinned');
    expect(unpinned.verdict).toBe('unanchored');
    expect(unpinned.events.every((s) => s === 'unanchored')).toBe(true);
  });

  it.each<[Lie, string]>([
    ['forged-record', 'invalid'],
    ['swapped-keys', 'invalid'],
    ['edited-headers', 'invalid'],
    ['no-proofs', 'unanchored'],
  ])('public trace page, server lies with %s and says "genuine": %s', async (how, expected) => {
    lie = how;
    const result = await traceVerdict(await browser(true), batch, how);
    expect(result.verdict).toBe(expected);
    expect(result.verdict).toEqual(NOT_GREEN);
    expect(result.events.some((s) => !GREEN.has(String(s)))).toBe(true);
  });

  it('a recalled batch that the server calls "genuine" is red', async () => {
    lie = 'false-genuine';
    const result = await traceVerdict(await browser(true), TRACE_BATCHES.lvdouRecalled, 'false-genuine');
    expect(result.verdict).toBe('invalid');
    lie = 'none';
    const truth = await traceVerdict(await browser(true), TRACE_BATCHES.lvdouRecalled, 'recalled');
    expect(truth.verdict).toBe('recalled');
  });

  it.each<[Lie, string]>([
    ['none', 'valid'],
    ['forged-record', 'invalid'],
    ['swapped-keys', 'invalid'],
    ['edited-headers', 'invalid'],
    ['no-proofs', 'unverifiable'],
  ])('explorer transaction view, server lies with %s: record status %s', async (how, expected) => {
    lie = 'none';
    const proofs = (await gw.get<{ proofs: Proof[] }>(`/api/v1/trace/${batch}/proofs`)).body.proofs;
    const txId = proofs[0]?.txId ?? '';
    lie = how;
    // An auditor of the owning province (Anhui) may read the record itself (issue 12's visibility).
    const ctx = await browser(true, await gw.token('ah-hf-sjzyj'));
    const result = await txStatus(ctx, txId);
    expect(result.signature).toBe(expected);
    if (how !== 'none') expect(result.verdict).toBe('invalid');
  });

  it("another province's auditor gets the record's hash-only form: grey, never green", async () => {
    lie = 'none';
    const proofs = (await gw.get<{ proofs: Proof[] }>(`/api/v1/trace/${batch}/proofs`)).body.proofs;
    const result = await txStatus(await browser(true, gw.auditorToken), proofs[0]?.txId ?? '');
    expect(result.signature).toBe('hash-only');
  });

  it('explorer block view: an edited header with its hash recomputed still fails the pinned block signature', async () => {
    lie = 'none';
    const proofs = (await gw.get<{ proofs: Proof[] }>(`/api/v1/trace/${batch}/proofs`)).body.proofs;
    const blockNumber = proofs[0]?.blockNumber ?? 1;
    const ctx = await browser(true, gw.auditorToken);
    let page = await ctx.newPage();
    const open = async (): Promise<string | null> => {
      await page.close();
      page = await ctx.newPage();
      await page.goto(`${liarUrl}/audit/?nofollow=1&lang=en#/blocks/${blockNumber}`);
      await page.waitForSelector('main[data-ready="1"]', { timeout: 60_000 });
      return page.getAttribute('#verdict', 'data-verdict');
    };
    await expect(open()).resolves.toBe('valid');
    lie = 'edited-headers';
    await expect(open()).resolves.toBe('invalid');
    await expect(page.locator('#verdict').textContent()).resolves.toContain('does NOT verify under the pinned ledger key');
    await page.screenshot({ path: join(ARTIFACTS, '21-malicious-block-header.png'), fullPage: true });
    await page.close();
  });
});
