#!/usr/bin/env node
'use strict';
/**
 * npm run bench:verify — how long verification that trusts no server takes, on a real embedded chain built here:
 *   - one proof offline against a pinned trust bundle (verifyProofAnchored: block signature, key provenance, record
 *     signature, inclusion, header), in-process; the `dtl verify --trust` command end to end (Node start included);
 *     the independent Python verifier (per proof in a batch, and one proof end to end);
 *   - a whole chain copy against the anchor (`dtl chain verify --trust`: every block, link, data/metadata hash,
 *     pinned block signature, record signature, state and history), in transactions per second.
 * BENCH_RECORDS (default 3000) credit entries are written first. Run after `npm run build`.
 */
require('../gateway/dist/src/http/quiet-chaincode-logs');
const { execFileSync, spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir, cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const request = require('supertest');
const { sm2Backend } = require('../chaincode/dist/crypto/native');
const { startTestGateway } = require('../gateway/dist/src/http/test-support');
const { verifyProofAnchored } = require('../gateway/dist/src/proof/anchored');
const { embeddedTrustBundle } = require('../gateway/dist/src/trust/export-embedded');
const { runChainVerify } = require('../gateway/dist/src/cli/chain');

const RECORDS = Number(process.env.BENCH_RECORDS || 3000);
const IN_FLIGHT = 32;
const root = join(__dirname, '..');

function entry(n) {
  return {
    type: 'credit.entry', id: `bench-verify-${n}`, department: 'sh-samr', list: 'black',
    subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' },
    category: 'public-resource-trading-fraud', legalBasis: '《中华人民共和国招标投标法》第五十三条',
    measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z',
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'dtl-bench-verify-'));
  const gw = await startTestGateway();
  const token = await gw.token('sh-samr');
  const proofs = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < RECORDS) {
      const n = next++;
      const res = await request(gw.server.app).post('/api/v1/credit/entries').set('Authorization', `Bearer ${token}`).send({ record: entry(n) });
      if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      if (proofs.length < 200) proofs.push(res.body.proof);
    }
  }));
  const genesis = await gw.ledger.block(0);
  const bundle = embeddedTrustBundle(genesis.hash, [gw.ledger.blockSigningKey()], 'bench');
  const trustFile = join(dir, 'trust.json');
  writeFileSync(trustFile, JSON.stringify(bundle));
  const height = await gw.ledger.height();
  console.log(`chain: ${RECORDS} records written in ${((Date.now() - started) / 1000).toFixed(1)} s, ${height} blocks; SM2 backend ${sm2Backend()}; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);
  console.log(`trust bundle ${bundle.fingerprint}`);

  // 1. one proof, in-process
  for (const proof of proofs.slice(0, 20)) if (!verifyProofAnchored(proof, bundle).valid) throw new Error('a real proof did not verify');
  let count = 0;
  const t0 = process.hrtime.bigint();
  const deadline = t0 + 2_000_000_000n;
  while (process.hrtime.bigint() < deadline) verifyProofAnchored(proofs[count++ % proofs.length], bundle);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`proof offline, in-process (verifyProofAnchored): ${((seconds / count) * 1000).toFixed(2)} ms per proof, ${Math.round(count / seconds)} proofs/s`);

  // 2. dtl verify --trust, end to end
  const proofFile = join(dir, 'proof.json');
  writeFileSync(proofFile, JSON.stringify(proofs[proofs.length - 1]));
  const cli = [];
  for (let i = 0; i < 5; i++) {
    const s = process.hrtime.bigint();
    execFileSync(process.execPath, [join(root, 'gateway/bin/dtl.js'), 'verify', proofFile, '--trust', trustFile], { stdio: 'ignore' });
    cli.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  console.log(`dtl verify --trust proof.json (new process, Node start included): median ${median(cli).toFixed(0)} ms of 5`);

  // 3. the Python verifier
  const python = execFileSync('bash', [join(root, 'verifiers/python/setup.sh')], { encoding: 'utf8' }).trim();
  const files = proofs.map((proof, i) => {
    const file = join(dir, `p${i}.json`);
    writeFileSync(file, JSON.stringify(proof));
    return file;
  });
  const one = [];
  for (let i = 0; i < 5; i++) {
    const s = process.hrtime.bigint();
    const r = spawnSync(python, [join(root, 'verifiers/python/dtl_verify.py'), '--trust', trustFile, '--json', proofFile], { encoding: 'utf8' });
    one.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (r.status !== 0) throw new Error(`python refused a real proof: ${r.stdout}`);
  }
  const s = process.hrtime.bigint();
  const batch = spawnSync(python, [join(root, 'verifiers/python/dtl_verify.py'), '--trust', trustFile, '--json', ...files], { encoding: 'utf8' });
  const batchMs = Number(process.hrtime.bigint() - s) / 1e6;
  if (batch.status !== 0) throw new Error('python refused a real proof');
  console.log(`python dtl_verify.py (GmSSL): one proof end to end median ${median(one).toFixed(0)} ms; ${files.length} proofs in one run ${batchMs.toFixed(0)} ms = ${((batchMs - median(one)) / (files.length - 1)).toFixed(2)} ms per further proof`);

  // 4. the whole chain copy against the anchor
  await gw.ledger.close();
  let out = '';
  const c0 = process.hrtime.bigint();
  const code = await runChainVerify(gw.dataDir, { out: (t) => (out += t), err: (t) => (out += t) }, trustFile);
  const chainSeconds = Number(process.hrtime.bigint() - c0) / 1e9;
  const txs = Number(/transactions: (\d+)/.exec(out)?.[1] ?? 0);
  if (code !== 0) throw new Error(`chain verify failed: ${out}`);
  console.log(`dtl chain verify --trust (whole copy: ${height} blocks, ${txs} transactions): ${chainSeconds.toFixed(2)} s, ${Math.round(txs / chainSeconds)} tx/s`);
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
