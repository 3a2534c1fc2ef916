/**
 * GET /api/v1/trust and GET /api/v1/trace/:batchId/proofs on a real embedded ledger with the fixtures, and the
 * gateway over HTTPS (a certificate made by the openssl binary for 127.0.0.1).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACE_BATCHES } from '@dtl/fixtures';
import request from 'supertest';
import { readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import { verifyProofAnchored } from '../proof/anchored';
import type { Proof } from '../proof/types';
import { parseTrustBundle, trustBundleFingerprint, type TrustBundle } from '../trust/bundle';
import { embeddedTrustBundle } from '../trust/export-embedded';
import { createServer } from '../server';
import { parseConfig } from '../config';
import { startTestGateway, TEST_SECRET, type TestGateway } from './test-support';

let gw: TestGateway;
const dir = mkdtempSync(join(tmpdir(), 'dtl-tls-'));

beforeAll(async () => {
  gw = await startTestGateway({ fixtures: true });
}, 120000);
afterAll(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('trust routes', () => {
  it('GET /trust serves the ledger bundle: genesis hash and block-signing key, the same fingerprint as dtl trust export', async () => {
    const res = await request(gw.server.app).get('/api/v1/trust');
    expect(res.status).toBe(200);
    const served = parseTrustBundle(res.body);
    const genesis = await gw.ledger.block(0);
    const exported = embeddedTrustBundle(genesis?.hash ?? '', [readLedgerPublicKey(gw.dataDir)], 'Anhui data bureau');
    expect(served.fingerprint).toBe(exported.fingerprint);
    expect(trustBundleFingerprint(served)).toBe(served.fingerprint);
  });

  it('GET /trace/:batchId/proofs: a proof for every record of the public trace, each VALID against the pinned bundle', async () => {
    const bundle = parseTrustBundle((await request(gw.server.app).get('/api/v1/trust')).body) as TrustBundle;
    const trace = await request(gw.server.app).get(`/api/v1/trace/${TRACE_BATCHES.lvdouGood}`);
    const res = await request(gw.server.app).get(`/api/v1/trace/${TRACE_BATCHES.lvdouGood}/proofs`);
    expect(res.status).toBe(200);
    const proofs = (res.body as { proofs: Proof[] }).proofs;
    expect(proofs.length).toBe((trace.body as { chain: unknown[] }).chain.length);
    expect(proofs.length).toBeGreaterThan(1);
    for (const proof of proofs) expect({ id: proof.record.id, reasons: verifyProofAnchored(proof, bundle).reasons }).toEqual({ id: proof.record.id, reasons: [] });
  });

  it('GET /transactions/:txId/proof (signed in): the proof of the record the transaction carries', async () => {
    const bundle = parseTrustBundle((await request(gw.server.app).get('/api/v1/trust')).body);
    const [first] = (await request(gw.server.app).get(`/api/v1/trace/${TRACE_BATCHES.lvdouGood}/proofs`)).body.proofs as Proof[];
    if (!first) throw new Error('no proof');
    expect((await request(gw.server.app).get(`/api/v1/transactions/${first.txId}/proof`)).status).toBe(401);
    // The owning province reads the record itself, and its proof verifies against the pinned bundle.
    const res = await request(gw.server.app).get(`/api/v1/transactions/${first.txId}/proof`).set('Authorization', `Bearer ${await gw.token('ah-cz-scjgj')}`);
    expect(res.status).toBe(200);
    const proof = (res.body as { proof: Proof & { form?: string } }).proof;
    expect(proof.form).toBe('content');
    expect(proof.record).toEqual(first.record);
    expect(verifyProofAnchored(proof, bundle).reasons).toEqual([]);
    // Another province gets what the visibility module allows it (issue 12): the hash-only form, no content.
    const other = await request(gw.server.app).get(`/api/v1/transactions/${first.txId}/proof`).set('Authorization', `Bearer ${await gw.token('sh-sjj')}`);
    expect(other.status).toBe(200);
    const hashOnly = (other.body as { proof: { form?: string; record: Record<string, unknown> } }).proof;
    expect(hashOnly.form).toBe('hash-only');
    expect(hashOnly.record.origin).toBeUndefined();
    const bad = await request(gw.server.app).get('/api/v1/transactions/not-hex/proof').set('Authorization', `Bearer ${await gw.token('sh-sjj')}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('txId');
  });

  it('names the field of a bad batch id; an unknown batch has no proofs', async () => {
    const long = await request(gw.server.app).get(`/api/v1/trace/${'x'.repeat(201)}/proofs`);
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('batchId');
    const unknown = await request(gw.server.app).get('/api/v1/trace/NO-SUCH-BATCH/proofs');
    expect(unknown.status).toBe(200);
    expect((unknown.body as { proofs: unknown[] }).proofs).toEqual([]);
  });

  it('serves HTTPS with the configured certificate and key (DTL_TLS_CERT / DTL_TLS_KEY)', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const config = parseConfig({ DTL_TLS_CERT: cert, DTL_TLS_KEY: key });
    expect(config.tls).toEqual({ certFile: cert, keyFile: key });
    expect(() => parseConfig({ DTL_TLS_CERT: cert })).toThrow('DTL_TLS_CERT and DTL_TLS_KEY');
    const server = createServer({ ledger: gw.ledger, keystore: gw.keystore, jwtSecret: TEST_SECRET, tls: { cert: readFileSync(cert), key: readFileSync(key) } }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const body = await new Promise<string>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/healthz', ca: readFileSync(cert) }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ status: 'ok', ledger: 'embedded' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
