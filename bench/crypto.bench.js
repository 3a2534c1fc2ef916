#!/usr/bin/env node
'use strict';
/**
 * npm run bench:crypto — SM2 sign/s, verify/s and SM3 MB/s of the shared crypto module, on one core, next to
 * `openssl speed` for the same algorithms on the same machine in the same run, printed as ratios.
 * Verification rotates over 300 department keys, as the ledger does. Run after `npm run build`.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('../chaincode/dist/crypto');
const { sm2Backend } = require('../chaincode/dist/crypto/native');

const SECONDS = Number(process.env.BENCH_SECONDS || 2);

function rate(fn, seconds = SECONDS) {
  for (let i = 0; i < 50; i++) fn(i); // warm up
  let count = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  let now = started;
  while (now < deadline) {
    for (let i = 0; i < 20; i++) fn(count++);
    now = process.hrtime.bigint();
  }
  return count / (Number(now - started) / 1e9);
}

function opensslSm2() {
  const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), 'sm2'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const m = /SM2[^\n]*?([\d.]+)\s+([\d.]+)\s*$/m.exec(out);
  return m ? { sign: Number(m[1]), verify: Number(m[2]) } : null;
}

function opensslSm3MBps() {
  const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), '-bytes', '16384', '-evp', 'sm3'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const m = /^sm3\s+([\d.]+)k/m.exec(out);
  return m ? (Number(m[1]) * 1000) / 1e6 : null;
}

function withBackend(native, fn) {
  // The TypeScript path is measured by calling the raw functions, which never go native.
  return native ? fn(crypto.sm2Sign, crypto.sm2Verify) : fn(
    (m, d, id) => crypto.signatureToDer(crypto.sm2SignRaw(m, d, { userId: id })),
    (sig, m, q, id) => crypto.sm2VerifyRaw(crypto.signatureFromDer(sig), m, q, { userId: id }),
  );
}

function measureSm2(native) {
  return withBackend(native, (sign, verify) => {
    const keys = Array.from({ length: 300 }, () => crypto.sm2GenerateKeyPair());
    const message = crypto.utf8Encode(JSON.stringify({ type: 'credit.entry', id: 'bench', department: 'sh-samr', subject: '91310000MA1FL8TQ2K' }));
    const signatures = keys.map((k) => sign(message, k.privateKey, '1234567812345678'));
    for (const [i, k] of keys.entries()) verify(signatures[i], message, k.publicKey, '1234567812345678'); // per-key setup, once
    const signsPerSecond = rate((i) => sign(message, keys[i % 300].privateKey, '1234567812345678'));
    const verifiesPerSecond = rate((i) => {
      if (!verify(signatures[i % 300], message, keys[i % 300].publicKey, '1234567812345678')) throw new Error('verify failed');
    });
    return { signsPerSecond, verifiesPerSecond };
  });
}

function measureSm3(hash) {
  const block = crypto.randomBytes(16384);
  const perSecond = rate(() => hash(block));
  return (perSecond * block.length) / 1e6;
}

function main() {
  const reference = opensslSm2();
  const referenceSm3 = opensslSm3MBps();
  const ts = measureSm2(false);
  const native = sm2Backend() === 'openssl' ? measureSm2(true) : null;
  const sm3Pure = measureSm3(crypto.sm3Pure);
  const sm3Default = measureSm3(crypto.sm3);
  const ratio = (x, y) => (y ? (x / y).toFixed(2) + '×' : 'n/a');
  const row = (name, value, unit, ref) => console.log(`${name.padEnd(44)} ${value.toFixed(0).padStart(9)} ${unit.padEnd(9)} ${ratio(value, ref).padStart(7)} of openssl`);

  console.log(`bench:crypto — one core, ${SECONDS}s per figure, node ${process.version}, default SM2 backend: ${sm2Backend()}`);
  console.log(`openssl speed sm2: ${reference ? `${reference.sign.toFixed(0)} sign/s, ${reference.verify.toFixed(0)} verify/s` : 'n/a'}; openssl speed -evp sm3 (16 KiB): ${referenceSm3 ? referenceSm3.toFixed(0) + ' MB/s' : 'n/a'}`);
  row('SM2 sign, TypeScript (noble arithmetic)', ts.signsPerSecond, 'sign/s', reference && reference.sign);
  row('SM2 verify, TypeScript, 300 cached keys', ts.verifiesPerSecond, 'verify/s', reference && reference.verify);
  if (native) {
    row('SM2 sign, native (Node\'s OpenSSL)', native.signsPerSecond, 'sign/s', reference && reference.sign);
    row('SM2 verify, native, 300 cached keys', native.verifiesPerSecond, 'verify/s', reference && reference.verify);
  }
  row('SM3, pure TypeScript (browser path)', sm3Pure, 'MB/s', referenceSm3);
  row('SM3, default (native above 256 bytes)', sm3Default, 'MB/s', referenceSm3);
}

main();
