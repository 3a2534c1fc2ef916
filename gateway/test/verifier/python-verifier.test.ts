/**
 * The independent Python verifier (verifiers/python/dtl_verify.py, written from docs/verification.md, GmSSL via
 * gmssl-pyx in a virtual environment that verifiers/python/setup.sh makes from PyPI) on proofs from a real embedded
 * chain: it accepts the real proofs (also one whose key came from an e-seal rotation signed by the older key), refuses
 * every forgery with the same named reason as `dtl verify`, answers UNANCHORED (exit 3) without a bundle, accepts the
 * committed vectors of docs/vectors/, and writes canonical JSON byte for byte as the TypeScript module does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canonicalJson } from '@dtl/chaincode/crypto';
import { TRACE_BATCHES } from '@dtl/fixtures';
import request from 'supertest';
import { startTestGateway, type TestGateway } from '../../src/http/test-support';
import { readLedgerPublicKey } from '../../src/ledger/embedded/ledger-key';
import { verifyProofAnchored } from '../../src/proof/anchored';
import { forgeriesOf } from '../../src/proof/forgeries';
import type { Proof } from '../../src/proof/types';
import { embeddedTrustBundle } from '../../src/trust/export-embedded';

const root = resolve(__dirname, '../../..');
const verifierDir = join(root, 'verifiers', 'python');
const dir = mkdtempSync(join(tmpdir(), 'dtl-pyverify-'));
let python: string;
let gw: TestGateway;
let foreignGw: TestGateway;
let real: Proof;
let rotated: Proof;
let foreign: Proof;

interface PyAnswer {
  readonly file: string;
  readonly verdict: 'VALID' | 'INVALID' | 'UNANCHORED';
  readonly reasons: readonly string[];
}

function runPython(args: readonly string[]): { code: number; answers: PyAnswer[]; stderr: string } {
  const result = spawnSync(python, [join(verifierDir, 'dtl_verify.py'), ...args], { encoding: 'utf8' });
  const answers = result.stdout.trim() === '' ? [] : result.stdout.trim().split('\n').map((line) => JSON.parse(line) as PyAnswer);
  return { code: result.status ?? -1, answers, stderr: result.stderr };
}

async function entry(g: TestGateway, id: string): Promise<Proof> {
  const res = await request(g.server.app)
    .post('/api/v1/credit/entries')
    .set('Authorization', `Bearer ${await g.token('sh-samr')}`)
    .send({
      record: {
        type: 'credit.entry',
        id,
        department: 'sh-samr',
        list: 'red',
        subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' },
        category: 'a-class-taxpayer',
        legalBasis: '国家税务总局公告2018年第8号',
        measures: ['green-channel'],
        validFrom: '2025-01-01T00:00:00Z',
        validTo: '2030-01-01T00:00:00Z',
      },
    });
  if (res.status !== 201) throw new Error(`credit entry: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { proof: Proof }).proof;
}

beforeAll(async () => {
  python = execFileSync('bash', [join(verifierDir, 'setup.sh')], { encoding: 'utf8' }).trim();
  gw = await startTestGateway({ fixtures: true });
  foreignGw = await startTestGateway();
  const genesis = await gw.ledger.block(0);
  if (!genesis) throw new Error('no genesis block');
  writeFileSync(join(dir, 'trust.json'), JSON.stringify(embeddedTrustBundle(genesis.hash, [readLedgerPublicKey(gw.dataDir)], 'test province')));
  real = await entry(gw, 'py-entry-1');
  foreign = await entry(foreignGw, 'py-entry-1');
  const rotation = await request(gw.server.app).post('/api/v1/departments/sh-samr/keys/eseal-rotation').set('Authorization', `Bearer ${await gw.token('sh-samr')}`).send({});
  if (rotation.status !== 201) throw new Error(`rotation: ${rotation.status} ${JSON.stringify(rotation.body)}`);
  rotated = await entry(gw, 'py-entry-2');
}, 120000);
afterAll(async () => {
  await foreignGw.close();
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Python verifier, written from docs/verification.md', () => {
  it('accepts real proofs, including a key proved through a rotation signed by the older key', () => {
    expect(rotated.keyProvenance?.record.type).toBe('department.key.rotate');
    expect(rotated.keyProvenance?.keyProvenance?.record.type).toBe('department.register');
    const bundle = JSON.parse(readFileSync(join(dir, 'trust.json'), 'utf8')) as Parameters<typeof verifyProofAnchored>[1];
    expect(verifyProofAnchored(rotated, bundle).reasons).toEqual([]);
    writeFileSync(join(dir, 'real.json'), JSON.stringify({ proof: real }));
    writeFileSync(join(dir, 'rotated.json'), JSON.stringify(rotated));
    const py = runPython(['--trust', join(dir, 'trust.json'), '--json', join(dir, 'real.json'), join(dir, 'rotated.json')]);
    expect(py.answers.map((a) => [a.verdict, a.reasons])).toEqual([
      ['VALID', []],
      ['VALID', []],
    ]);
    expect(py.code).toBe(0);
  });

  it('accepts the proofs of a public trace (keys registered as SPKI PEM by the fixtures)', async () => {
    const res = await request(gw.server.app).get(`/api/v1/trace/${TRACE_BATCHES.shihuGood}/proofs`);
    const proofs = (res.body as { proofs: Proof[] }).proofs;
    expect(proofs.length).toBeGreaterThan(1);
    const files = proofs.map((proof, i) => {
      const file = join(dir, `trace-${i}.json`);
      writeFileSync(file, JSON.stringify(proof));
      return file;
    });
    const py = runPython(['--trust', join(dir, 'trust.json'), '--json', ...files]);
    expect(py.answers.map((a) => a.verdict)).toEqual(proofs.map(() => 'VALID'));
    expect(py.code).toBe(0);
  });

  it('refuses every forgery with the reason dtl verify names, and agrees with it proof by proof', () => {
    const forgeries = forgeriesOf(real, foreign);
    const files = forgeries.map((f) => {
      const file = join(dir, `${f.name}.json`);
      writeFileSync(file, JSON.stringify(f.proof));
      return file;
    });
    const py = runPython(['--trust', join(dir, 'trust.json'), '--json', ...files]);
    expect(py.code).toBe(1);
    forgeries.forEach((forgery, i) => {
      const answer = py.answers[i];
      expect({ name: forgery.name, verdict: answer?.verdict }).toEqual({ name: forgery.name, verdict: 'INVALID' });
      expect({ name: forgery.name, reasons: answer?.reasons }).toEqual({ name: forgery.name, reasons: expect.arrayContaining([forgery.reason]) });
    });
  });

  it('without a trust bundle: UNANCHORED, exit 3, never VALID', () => {
    const py = runPython(['--json', join(dir, 'real.json')]);
    expect(py.code).toBe(3);
    expect(py.answers[0]?.verdict).toBe('UNANCHORED');
  });

  it('a bundle edited after its fingerprint was read out is bad input (exit 2)', () => {
    const honest = JSON.parse(readFileSync(join(dir, 'trust.json'), 'utf8')) as Record<string, unknown>;
    // labels may change without changing the fingerprint; an anchor may not
    writeFileSync(join(dir, 'relabelled-trust.json'), JSON.stringify({ ...honest, publisher: 'someone else', createdAt: '2030-01-01T00:00:00Z' }));
    expect(runPython(['--trust', join(dir, 'relabelled-trust.json'), '--json', join(dir, 'real.json')]).code).toBe(0);
    const edited = { ...honest, genesisHash: '11'.repeat(32) };
    writeFileSync(join(dir, 'edited-trust.json'), JSON.stringify(edited));
    const py = runPython(['--trust', join(dir, 'edited-trust.json'), '--json', join(dir, 'real.json')]);
    expect(py.code).toBe(2);
    expect(py.stderr).toContain('fingerprint does not match');
  });

  it('accepts the committed vectors of docs/vectors/ (from a real chain), as dtl verify does', () => {
    const py = runPython(['--trust', join(root, 'docs/vectors/trust.json'), '--json', join(root, 'docs/vectors/proof.json')]);
    expect(py.answers[0]?.verdict).toBe('VALID');
    expect(py.code).toBe(0);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vectors = { proof: require(join(root, 'docs/vectors/proof.json')) as Proof, trust: require(join(root, 'docs/vectors/trust.json')) as Parameters<typeof verifyProofAnchored>[1] };
    expect(verifyProofAnchored(vectors.proof, vectors.trust).reasons).toEqual([]);
  });

  it('writes canonical JSON byte for byte as the TypeScript module does (numbers, escapes, UTF-16 key order)', () => {
    const samples: unknown[] = [
      { b: 1, a: [0, -0, 1.5, 1e21, 1e-7, 0.000001, 123456789012, 5e-324, 1.7976931348623157e308, -2.5e-10, 100, 0.1] },
      { '\u00e9': 1, z: 2, '\ud83d\ude00': 3, '\uff61': 4, A: 'tab\tnl\ncr\r"q"\\ \u0001\u001f\u007f\u2028 中文' },
      [true, false, null, '', {}, []],
    ];
    const source = JSON.stringify(samples);
    const py = spawnSync(python, ['-c', `import json,sys; sys.path.insert(0, ${JSON.stringify(verifierDir)}); import dtl_verify; print("\\n".join(dtl_verify.canonical_json(v) for v in json.loads(sys.stdin.read())))`], { input: source, encoding: 'utf8' });
    expect(py.stderr).toBe('');
    expect(py.stdout.trimEnd().split('\n')).toEqual(samples.map((s) => canonicalJson(s)));
  });
});
