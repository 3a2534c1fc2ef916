/**
 * Anchored verification on the real Fabric network: the trust bundle from the channel's genesis configuration block
 * (orderer and province root CAs, GET /api/v1/trust = dtl trust export --url), a real proof VALID under it — the
 * orderer's signature in the block metadata against the pinned orderer root, the signer key from its registration
 * whose envelope is signed by a province identity issued by a pinned root — and forgeries refused with a named reason.
 */
import '../../src/http/quiet-chaincode-logs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { fixtureTransactions } from '@dtl/fixtures';
import { main } from '../../src/cli/main';
import { parseConfig } from '../../src/config';
import { openLedger } from '../../src/main';
import { Keystore } from '../../src/keystore/keystore';
import { loadFixtures } from '../../src/keystore/fixtures';
import { demoApiKey } from '../../src/keystore/bootstrap';
import { LedgerError } from '../../src/ledger/errors';
import type { Ledger } from '../../src/ledger/ledger';
import { blockHeaderHash } from '../../src/ledger/fabric/block-hash';
import { verifyProofAnchored } from '../../src/proof/anchored';
import { FABRIC_CHECKS } from '../../src/proof/fabric-anchor';
import type { FabricProofInclusion, Proof } from '../../src/proof/types';
import { parseTrustBundle, type TrustBundle } from '../../src/trust/bundle';
import { createServer, type GatewayServer } from '../../src/server';

const SECRET = 'fabric-trust-secret-fabric-trust-secret-0123';
const run = Date.now().toString(36);
let dataDir: string;
let ledger: Ledger;
let server: GatewayServer;
let bundle: TrustBundle;
let proof: Proof;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dtl-fabric-trust-'));
  const config = parseConfig({ DTL_LEDGER: 'fabric', DTL_DATA_DIR: dataDir, DTL_JWT_SECRET: SECRET, DTL_LOG_LEVEL: 'silent' });
  ledger = await openLedger(config);
  const keystore = Keystore.open({ dataDir });
  for (const tx of fixtureTransactions()) {
    try {
      await ledger.submit({ identity: tx.identity, contract: tx.contract, transaction: tx.transaction, args: tx.args, ...(tx.transient ? { transient: tx.transient } : {}) });
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error; // already on the ledger (replay) from another suite
    }
  }
  await loadFixtures(ledger, keystore, { load: config.loadFixtures, logger: pino({ level: 'silent' }) });
  server = createServer({ ledger, keystore, jwtSecret: SECRET, publicRateLimitPerMinute: 10_000 });
  const trust = await request(server.app).get('/api/v1/trust');
  expect(trust.status).toBe(200);
  bundle = parseTrustBundle(trust.body);
  const token = (await request(server.app).post('/api/v1/auth/token').send({ apiKey: demoApiKey('sh-samr') })).body as { token: string };
  const res = await request(server.app)
    .post('/api/v1/credit/entries')
    .set('Authorization', `Bearer ${token.token}`)
    .send({
      record: {
        type: 'credit.entry', id: `fabric-trust-${run}`, department: 'sh-samr', list: 'black',
        subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' },
        category: 'public-resource-trading-fraud', legalBasis: '《中华人民共和国招标投标法》第五十三条',
        measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z',
      },
    });
  expect(res.status).toBe(201);
  proof = (res.body as { proof: Proof }).proof;
}, 240_000);

afterAll(async () => {
  await ledger?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Fabric proofs against a pinned channel trust bundle', () => {
  it('the bundle holds the channel, the genesis hash and the orderer and four province root CAs from the configuration', () => {
    expect(bundle).toMatchObject({ network: 'fabric', channel: 'delta' });
    if (bundle.network !== 'fabric') throw new Error('not fabric');
    expect(bundle.orderers.length).toBeGreaterThan(0);
    expect(bundle.organisations.map((o) => o.mspId)).toEqual(expect.arrayContaining(['ShanghaiMSP', 'JiangsuMSP', 'ZhejiangMSP', 'AnhuiMSP']));
    expect(bundle.fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
  });

  it('a real proof is VALID: orderer signature, registrar, key provenance, record, envelopes, header', () => {
    expect(proof.keyProvenance?.record.type).toBe('department.register');
    const result = verifyProofAnchored(proof, bundle, FABRIC_CHECKS);
    expect(result.reasons).toEqual([]);
    const detail = result.checks.find((c) => c.name === 'block-signature')?.detail ?? '';
    expect(detail).toContain('signed by orderer');
    expect(result.checks.find((c) => c.name === 'key-provenance.registrar')?.ok).toBe(true);
    const endorsed = result.checks.find((c) => c.name === 'endorsement-policy');
    expect(endorsed?.ok).toBe(true);
    expect(endorsed?.detail).toMatch(/^[34] of 4 organisations endorsed/);
  });

  it('forgeries are refused with a named reason: garbage orderer signature, edited header, foreign anchor', () => {
    const inclusion = proof.inclusion as FabricProofInclusion;
    const garbage = { ...proof, inclusion: { ...inclusion, blockSignatures: Buffer.from('garbage').toString('base64') } };
    expect(verifyProofAnchored(garbage, bundle, FABRIC_CHECKS).reasons).toContain('block-signature');
    const dataHash = '00'.repeat(32);
    const edited = { ...proof, header: { ...proof.header, dataHash }, blockHash: blockHeaderHash(BigInt(proof.blockNumber), Buffer.from(proof.header.previousHash, 'hex'), Buffer.from(dataHash, 'hex')) };
    expect(verifyProofAnchored(edited, bundle, FABRIC_CHECKS).reasons).toEqual(expect.arrayContaining(['block-signature', 'data-hash']));
    if (bundle.network !== 'fabric') throw new Error('not fabric');
    const ordererMsp = bundle.orderers[0]?.mspId ?? '';
    // the orderer org's name pinned with another organisation's root CA: the real orderer's certificate is not issued by it
    const foreign = { ...bundle, orderers: bundle.organisations.slice(0, 1).map((o) => ({ ...o, mspId: ordererMsp })) };
    expect(verifyProofAnchored(proof, parseTrustBundle({ ...foreign, fingerprint: undefined }), FABRIC_CHECKS).reasons).toContain('block-signature');
    // the province roots swapped among the organisations: no endorsement is issued by its organisation's pinned root
    const roots = bundle.organisations.map((o) => o.rootCerts);
    const swapped = { ...bundle, organisations: bundle.organisations.map((o, i) => ({ ...o, rootCerts: roots[(i + 1) % roots.length] ?? [] })), fingerprint: undefined };
    expect(verifyProofAnchored(proof, parseTrustBundle(swapped), FABRIC_CHECKS).reasons).toEqual(expect.arrayContaining(['endorsement-policy', 'key-provenance.registrar']));
  });

  it('dtl verify --trust: VALID (exit 0) with the pinned bundle; UNANCHORED (exit 3) without', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtl-fabric-verify-'));
    writeFileSync(join(dir, 'proof.json'), JSON.stringify(proof));
    writeFileSync(join(dir, 'trust.json'), JSON.stringify(bundle));
    let out = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t) };
    expect(await main(['verify', join(dir, 'proof.json'), '--trust', join(dir, 'trust.json')], io)).toBe(0);
    expect(out).toContain('proof: VALID');
    out = '';
    expect(await main(['verify', join(dir, 'proof.json')], io)).toBe(3);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the independent Python verifier accepts the real Fabric proof and refuses the same forgeries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtl-fabric-python-'));
    const python = execFileSync('bash', [join(__dirname, '../../../verifiers/python/setup.sh')], { encoding: 'utf8' }).trim();
    const inclusion = proof.inclusion as FabricProofInclusion;
    const dataHash = '00'.repeat(32);
    const cases: [string, Proof][] = [
      ['real', proof],
      ['garbage-orderer-signature', { ...proof, inclusion: { ...inclusion, blockSignatures: Buffer.from('garbage').toString('base64') } }],
      ['edited-header', { ...proof, header: { ...proof.header, dataHash }, blockHash: blockHeaderHash(BigInt(proof.blockNumber), Buffer.from(proof.header.previousHash, 'hex'), Buffer.from(dataHash, 'hex')) }],
      ['edited-record', { ...proof, record: { ...proof.record, legalBasis: '伪造' } }],
      ['missing-key-provenance', { ...proof, keyProvenance: undefined } as unknown as Proof],
      ['swapped-province-roots', proof],
    ];
    writeFileSync(join(dir, 'trust.json'), JSON.stringify(bundle));
    const files = cases.map(([name, p]) => {
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(p));
      return join(dir, `${name}.json`);
    });
    const verifier = join(__dirname, '../../../verifiers/python/dtl_verify.py');
    const result = spawnSync(python, [verifier, '--trust', join(dir, 'trust.json'), '--json', ...files.slice(0, -1)], { encoding: 'utf8' });
    const answers = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { verdict: string; reasons: string[] });
    expect(answers.map((a) => a.verdict)).toEqual(['VALID', 'INVALID', 'INVALID', 'INVALID', 'INVALID']);
    // the province roots swapped among the organisations: endorsements and the registrar no longer chain to their roots
    if (bundle.network !== 'fabric') throw new Error('not fabric');
    const roots = bundle.organisations.map((o) => o.rootCerts);
    writeFileSync(join(dir, 'swapped-trust.json'), JSON.stringify({ ...bundle, organisations: bundle.organisations.map((o, i) => ({ ...o, rootCerts: roots[(i + 1) % roots.length] ?? [] })), fingerprint: undefined }));
    const swapped = spawnSync(python, [verifier, '--trust', join(dir, 'swapped-trust.json'), '--json', files[0] ?? ''], { encoding: 'utf8' });
    const swappedAnswer = JSON.parse(swapped.stdout.trim()) as { verdict: string; reasons: string[] };
    expect(swappedAnswer.reasons).toEqual(expect.arrayContaining(['endorsement-policy', 'key-provenance.registrar']));
    expect(answers[1]?.reasons).toContain('block-signature');
    expect(answers[2]?.reasons).toEqual(expect.arrayContaining(['block-signature', 'data-hash']));
    expect(answers[3]?.reasons).toContain('record-signature');
    expect(answers[4]?.reasons).toContain('key-provenance.registration');
    rmSync(dir, { recursive: true, force: true });
  });
});
