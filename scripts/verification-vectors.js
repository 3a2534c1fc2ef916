#!/usr/bin/env node
/**
 * Test vectors for docs/verification.md, taken from a real embedded chain: starts the gateway's embedded ledger in a
 * temp dir (the demo departments), writes one black-list entry, and saves the trust bundle and the proof under
 * docs/vectors/, then prints every intermediate value the spec names. `npm run build` first.
 *   node scripts/verification-vectors.js [outDir]
 */
'use strict';
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const request = require('supertest');
const crypto = require('@dtl/chaincode/crypto');
const { startTestGateway } = require('../gateway/dist/src/http/test-support');
const { readLedgerPublicKey } = require('../gateway/dist/src/ledger/embedded/ledger-key');
const { embeddedTrustBundle } = require('../gateway/dist/src/trust/export-embedded');

/** Puts the new values into docs/verification.md's vector blocks (each line is found by its label). */
function updateSpec(lines) {
  const spec = join(__dirname, '..', 'docs', 'verification.md');
  const text = readFileSync(spec, 'utf8').split('\n');
  for (const line of lines) {
    const label = line.slice(0, line.search(/ = |: /));
    const shown = line.length > 400 ? `${line.slice(0, 100)}…   (full line in docs/vectors/values.txt)` : line;
    let fenced = false;
    const at = text.findIndex((l) => {
      if (l.startsWith('```')) fenced = !fenced;
      return fenced && (l.startsWith(`${label} = `) || l.startsWith(`${label}: `) || l.startsWith(`${label} (`));
    });
    if (at >= 0) text[at] = shown;
  }
  writeFileSync(spec, text.join('\n'));
}

async function main() {
  const out = process.argv[2] ?? join(__dirname, '..', 'docs', 'vectors');
  mkdirSync(out, { recursive: true });
  const gw = await startTestGateway();
  try {
    const genesis = await gw.ledger.block(0);
    const bundle = embeddedTrustBundle(genesis.hash, [readLedgerPublicKey(gw.dataDir)], 'DTL test vectors (embedded, throw-away ledger)');
    const token = await gw.token('sh-samr');
    const res = await request(gw.server.app)
      .post('/api/v1/credit/entries')
      .set('Authorization', `Bearer ${token}`)
      .send({
        record: {
          type: 'credit.entry', id: 'vector-entry-1', department: 'sh-samr', list: 'black',
          subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' },
          category: 'public-resource-trading-fraud', legalBasis: '《中华人民共和国招标投标法》第五十三条',
          measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z',
        },
      });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    const proof = res.body.proof;
    writeFileSync(join(out, 'trust.json'), `${JSON.stringify(bundle, null, 2)}\n`);
    writeFileSync(join(out, 'proof.json'), `${JSON.stringify(proof, null, 2)}\n`);
    const signing = crypto.recordSigningBytes(proof.record);
    const inc = proof.inclusion;
    const { signature: _s, ...rest } = proof.record;
    void _s;
    const lines = [
      `record signing bytes (UTF-8, ${signing.length} bytes): ${Buffer.from(signing).toString('utf8')}`,
      `SM3(record signing bytes) = ${crypto.bytesToHex(crypto.sm3(crypto.canonicalBytes(rest)))}`,
      `signature.value = ${proof.record.signature.value}`,
      `SM3(transaction) = ${crypto.bytesToHex(crypto.sm3(inc.transaction))}  (index ${inc.txIndex} of ${inc.txHashes.length})`,
      `dataHash = ${proof.header.dataHash}`,
      `JSON(validationCodes) = ${JSON.stringify(inc.validationCodes)}`,
      `metadataHash = ${proof.header.metadataHash}`,
      `header JSON = ${JSON.stringify({ number: proof.header.number, previousHash: proof.header.previousHash, dataHash: proof.header.dataHash, metadataHash: proof.header.metadataHash, timestamp: proof.header.timestamp })}`,
      `blockHash = ${proof.blockHash}`,
      `blockSignature.value = ${proof.blockSignature.value}`,
      `trust bundle fingerprint = ${bundle.fingerprint}`,
      `trust bundle anchors, canonical JSON = ${crypto.canonicalJson((({ fingerprint: _f, publisher: _p, createdAt: _c, ...b }) => b)(bundle))}`,
    ];
    writeFileSync(join(out, 'values.txt'), `${lines.join('\n')}\n`);
    updateSpec(lines);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await gw.close();
  }
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
