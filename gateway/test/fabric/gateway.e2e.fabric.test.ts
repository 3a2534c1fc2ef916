/**
 * The gateway end to end on the real Fabric network: createServer over the ledger `DTL_LEDGER=fabric` opens
 * (openLedger(parseConfig(...)): the Fabric adapter on network-config/.run/connection.json), a temp keystore, the
 * demo fixtures loaded by the start-up loader (or already on the network: the DEV keys are deterministic), then
 * HTTP only (supertest): health, login with a demo API key, e-seal and SDK-path writes with proofs that match the
 * chain endpoints, forged and replayed records refused, public licence verification and trace, a cross-province
 * read refused without a grant and visible in the audit query, a malformed body. Ids carry a per-run suffix so
 * the suite runs again on a network that is not reset.
 */
import '../../src/http/quiet-chaincode-logs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { departmentDevKey, fixtureTransactions, guapianRegistration, LICENCE_ISSUES, licenceFileDigest, TRACE_BATCHES } from '@dtl/fixtures';
import { parseConfig } from '../../src/config';
import { openLedger } from '../../src/main';
import { Keystore } from '../../src/keystore/keystore';
import { loadFixtures } from '../../src/keystore/fixtures';
import { demoApiKey } from '../../src/keystore/bootstrap';
import { LedgerError } from '../../src/ledger/errors';
import type { Ledger } from '../../src/ledger/ledger';
import type { Proof } from '../../src/proof/types';
import { verifyProof } from '../../src/proof/verify';
import { createServer, type GatewayServer } from '../../src/server';

const SECRET = 'fabric-e2e-secret-fabric-e2e-secret-0123';
const run = Date.now().toString(36);
const SH = 'sh-samr';
const COOP = 'ah-la-jz-coop-guapian';
const AH_READER = 'ah-samr';
const AUDITOR = 'sh-sjj';

let dataDir: string;
let ledger: Ledger;
let server: GatewayServer;
const tokens = new Map<string, string>();

async function auth(department: string): Promise<{ Authorization: string }> {
  let token = tokens.get(department);
  if (token === undefined) {
    const res = await request(server.app).post('/api/v1/auth/token').send({ apiKey: demoApiKey(department) });
    if (res.status !== 200) throw new Error(`token for ${department}: ${res.status} ${JSON.stringify(res.body)}`);
    token = (res.body as { token: string }).token;
    tokens.set(department, token);
  }
  return { Authorization: `Bearer ${token}` };
}

async function holdsDevKey(department: string): Promise<boolean> {
  try {
    const bytes = await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'department', transaction: 'getKey', args: [departmentDevKey(department).keyId] });
    return (JSON.parse(Buffer.from(bytes).toString('utf8')) as { department?: string }).department === department;
  } catch (error) {
    if (error instanceof LedgerError) return false;
    throw error;
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dtl-fabric-e2e-'));
  const config = parseConfig({ DTL_LEDGER: 'fabric', DTL_DATA_DIR: dataDir, DTL_JWT_SECRET: SECRET, DTL_LOG_LEVEL: 'silent' });
  ledger = await openLedger(config);
  expect(ledger.kind).toBe('fabric');
  const keystore = Keystore.open({ dataDir });
  const logger = pino({ level: 'silent' });
  // The start-up loader fills an EMPTY registry. Other Fabric suites register their own departments, so on a
  // network they ran on first the registry is not empty but the fixtures are missing: submit the same ordered
  // transactions here (those already on the ledger are refused as replays), then let the loader do the rest.
  if (!(await holdsDevKey(SH)) || !(await holdsDevKey(COOP))) {
    for (const tx of fixtureTransactions()) {
      try {
        await ledger.submit({ identity: tx.identity, contract: tx.contract, transaction: tx.transaction, args: tx.args, ...(tx.transient ? { transient: tx.transient } : {}) });
      } catch (error) {
        if (!(error instanceof LedgerError)) throw error;
      }
    }
  }
  const fixtures = await loadFixtures(ledger, keystore, { load: config.loadFixtures, logger });
  expect(fixtures.apiKeys.map((k) => k.department)).toEqual(expect.arrayContaining([SH, COOP, AH_READER, AUDITOR]));
  server = createServer({ ledger, keystore, jwtSecret: SECRET, logger, publicRateLimitPerMinute: 10_000 });
}, 240_000);

afterAll(async () => {
  await ledger?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface ProofBody {
  txId: string;
  blockNumber: number;
  blockHash: string;
  signerKeyId: string;
  record: Record<string, unknown>;
  header: { number: number };
}

/** The proof names a committed transaction, and the chain endpoints agree on its block number and hash. */
async function expectProofMatchesChain(res: request.Response, recordId: string, department: string): Promise<ProofBody> {
  expect(res.status).toBe(201);
  const proof = res.body.proof as ProofBody;
  expect(proof.txId).toMatch(/^[0-9a-f]{64}$/);
  expect(proof.txId).toBe(res.body.receipt.txId);
  expect(proof.blockNumber).toBeGreaterThan(0);
  expect(proof.blockHash).toMatch(/^[0-9a-f]{64}$/);
  expect(proof.header.number).toBe(proof.blockNumber);
  expect(proof.record.id).toBe(recordId);
  const headers = await auth(department);
  const block = await request(server.app).get(`/api/v1/blocks/${proof.blockNumber}`).set(headers);
  expect(block.status).toBe(200);
  expect(block.body).toMatchObject({ number: proof.blockNumber, hash: proof.blockHash });
  const tx = await request(server.app).get(`/api/v1/transactions/${proof.txId}`).set(headers);
  expect(tx.status).toBe(200);
  expect(tx.body).toMatchObject({ txId: proof.txId, blockNumber: proof.blockNumber, validationCode: 'VALID' });
  const got = await request(server.app).get(`/api/v1/records/${encodeURIComponent(recordId)}`).set(headers);
  expect(got.status).toBe(200);
  expect(got.body.proof).toMatchObject({ txId: proof.txId, blockNumber: proof.blockNumber, blockHash: proof.blockHash });
  // Offline, as `dtl verify` does: the block's envelopes hash to the header's data hash, the DER header to the block
  // hash the chain endpoint gave, and the envelope carries the record with its SM2 signature.
  for (const answer of [res.body.proof as Proof, got.body.proof as Proof]) {
    const verdict = verifyProof(answer, { number: block.body.number as number, hash: block.body.hash as string });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(answer.inclusion).toMatchObject({ format: 'fabric-envelopes' });
  }
  return proof;
}

const creditEntryId = `e2e-credit-${run}`;
const batchId = `LA-GP-E2E-${run.toUpperCase()}`;
let sdkRecord: Record<string, unknown>;

describe('the gateway on the real Fabric network (DTL_LEDGER=fabric)', () => {
  it('GET /healthz names the fabric ledger and its height', async () => {
    const res = await request(server.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', ledger: 'fabric' });
    expect(res.body.height).toBeGreaterThan(1);
  });

  it('issues a token for a demo API key; roles and province come from the ledger registry', async () => {
    const res = await request(server.app).post('/api/v1/auth/token').send({ apiKey: demoApiKey(SH) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer' });
    const me = await request(server.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.token as string}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ department: SH, province: 'shanghai' });
    const wrong = await request(server.app).post('/api/v1/auth/token').send({ apiKey: 'dtl-demo-nobody' });
    expect(wrong.status).toBe(401);
  });

  it('commits an e-seal write (the gateway signs); the proof matches the block and transaction endpoints', async () => {
    const record = {
      type: 'credit.entry',
      id: creditEntryId,
      department: SH,
      list: 'black',
      subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' },
      category: 'public-resource-trading-fraud',
      legalBasis: '《中华人民共和国招标投标法》第五十三条',
      measures: ['no-bidding'],
      validFrom: '2025-01-01T00:00:00Z',
      validTo: '2030-01-01T00:00:00Z',
    };
    const res = await request(server.app).post('/api/v1/credit/entries').set(await auth(SH)).send({ record });
    const proof = await expectProofMatchesChain(res, creditEntryId, SH);
    expect(proof.signerKeyId).toBe(departmentDevKey(SH).keyId);
    expect(proof.record).toMatchObject(record);
  });

  it('commits an SDK-path write (signed by the client); the proof matches the chain and the batch traces as genuine', async () => {
    const key = departmentDevKey(COOP);
    sdkRecord = signRecord(guapianRegistration(`e2e-reg-${run}`, batchId, 120, '2026-spring'), { privateKey: key.privateKey, keyId: key.keyId });
    const res = await request(server.app).post('/api/v1/batches').set(await auth(COOP)).send({ record: sdkRecord });
    const proof = await expectProofMatchesChain(res, sdkRecord.id as string, COOP);
    expect(proof.record).toEqual(sdkRecord);
    expect(proof.signerKeyId).toBe(key.keyId);
    const trace = await request(server.app).get(`/api/v1/trace/${batchId}`);
    expect(trace.status).toBe(200);
    expect(trace.body.verdict).toBe('genuine');
  });

  it('refuses a forged signature (401 SIGNATURE_INVALID) and a replayed record (409 REPLAYED)', async () => {
    const forger = sm2GenerateKeyPair();
    // a well-formed record under the cooperative's key id, signed by someone else's key
    const { signature: _signature, ...unsigned } = sdkRecord;
    const forged = signRecord({ ...unsigned, id: `e2e-forged-${run}`, batchId: `${batchId}-F` }, { privateKey: forger.privateKey, keyId: departmentDevKey(COOP).keyId });
    const res = await request(server.app).post('/api/v1/batches').set(await auth(COOP)).send({ record: forged });
    expect([res.status, res.body.error?.code]).toEqual([401, 'SIGNATURE_INVALID']);
    const replay = await request(server.app).post('/api/v1/batches').set(await auth(COOP)).send({ record: sdkRecord });
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('REPLAYED');
  });

  it('verifies a fixture licence publicly by number + digest, and serves the public trace of a fixture batch', async () => {
    const licence = LICENCE_ISSUES[1] as { number: string };
    const ok = await request(server.app).get(`/api/v1/licences/${licence.number}/verify?digest=${licenceFileDigest(licence.number)}`);
    expect(ok.status).toBe(200);
    expect(ok.body.result).toBe('valid');
    expect(ok.body.proof.record.number).toBe(licence.number);
    expect(ok.body.proof.blockHash).toMatch(/^[0-9a-f]{64}$/);
    const mismatch = await request(server.app).get(`/api/v1/licences/${licence.number}/verify?digest=${'0'.repeat(64)}`);
    expect(mismatch.status).toBe(200);
    expect(mismatch.body.result).toBe('digest-mismatch');
    const trace = await request(server.app).get(`/api/v1/trace/${TRACE_BATCHES.guapianShanghai}`);
    expect(trace.status).toBe(200);
    expect(trace.body.verdict).toBe('genuine');
    const recalled = await request(server.app).get(`/api/v1/trace/${TRACE_BATCHES.lvdouRecalled}`);
    expect(recalled.status).toBe(200);
    expect(recalled.body.verdict).toBe('recalled');
  });

  it('refuses a cross-province read without a grant (403 GRANT_REQUIRED); the refusal is in the audit query', async () => {
    const refused = await request(server.app).get(`/api/v1/credit/entries/${creditEntryId}`).set(await auth(AH_READER)).set('X-DTL-Purpose', encodeURIComponent('执法协查'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('GRANT_REQUIRED');
    expect(JSON.stringify(refused.body)).not.toContain('杭州示例建设有限公司');
    const accessId = refused.body.error.details.accessRecordId as string;
    expect(accessId).toMatch(/^access-/);
    const audit = await request(server.app).get('/api/v1/audit/reads/refused').set(await auth(AUDITOR));
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(accessId);
    // the owner's own province reads it without an access record
    const own = await request(server.app).get(`/api/v1/credit/entries/${creditEntryId}`).set(await auth(SH));
    expect(own.status).toBe(200);
    expect(own.headers['x-dtl-access-records']).toBeUndefined();
  });

  it('refuses a malformed body with 400 naming the fields', async () => {
    const res = await request(server.app).post('/api/v1/records').set(await auth(SH)).send({ record: { type: 1, id: '', department: 'sh samr' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect([...new Set((res.body.error.details as Array<{ field: string }>).map((d) => d.field))].sort()).toEqual(['body.record.department', 'body.record.id', 'body.record.type']);
    const broken = await request(server.app).post('/api/v1/records').set(await auth(SH)).set('Content-Type', 'application/json').send('{"record": ');
    expect(broken.status).toBe(400);
  });
});
