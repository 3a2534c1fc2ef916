/**
 * Anchored verification against a real embedded ledger: a real proof verifies against the pinned bundle, and every
 * forgery (self-made key, edited record, edited header, garbage block signature, invented block, a chain built from
 * scratch, another department's key id, missing provenance, a copy without its key file) is refused with a named
 * reason. Without a bundle the CLI answers UNANCHORED with exit code 3, never VALID / 0.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2GenerateKeyPair, sm2PublicKeyToPem } from '@dtl/chaincode/crypto';
import request from 'supertest';
import { main } from '../cli/main';
import { startTestGateway, type TestGateway } from '../http/test-support';
import { LEDGER_PUBLIC_KEY_FILE, readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import { parseTrustBundle, type TrustBundle } from '../trust/bundle';
import { embeddedTrustBundle } from '../trust/export-embedded';
import { keyIdBelongsTo, verifyProofAnchored } from './anchored';
import { forgeriesOf } from './forgeries';
import type { Proof } from './types';

const dir = mkdtempSync(join(tmpdir(), 'dtl-anchored-'));
let gw: TestGateway;
let foreignGw: TestGateway;
let bundle: TrustBundle;
let real: Proof;
let foreign: Proof;

async function blacklist(g: TestGateway, id: string): Promise<Proof> {
  const res = await request(g.server.app)
    .post('/api/v1/credit/entries')
    .set('Authorization', `Bearer ${await g.token('sh-samr')}`)
    .send({
      record: {
        type: 'credit.entry',
        id,
        department: 'sh-samr',
        list: 'black',
        subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' },
        category: 'public-resource-trading-fraud',
        legalBasis: '《中华人民共和国招标投标法》第五十三条',
        measures: ['no-bidding'],
        validFrom: '2025-01-01T00:00:00Z',
        validTo: '2030-01-01T00:00:00Z',
      },
    });
  if (res.status !== 201) throw new Error(`credit entry: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { proof: Proof }).proof;
}

function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; out: () => string } {
  let out = '';
  return { io: { out: (t) => (out += t), err: (t) => (out += t) }, out: () => out };
}

beforeAll(async () => {
  gw = await startTestGateway();
  foreignGw = await startTestGateway();
  const genesis = await gw.ledger.block(0);
  if (!genesis) throw new Error('no genesis block');
  bundle = embeddedTrustBundle(genesis.hash, [readLedgerPublicKey(gw.dataDir)], 'test province');
  real = await blacklist(gw, 'anchored-entry-1');
  foreign = await blacklist(foreignGw, 'anchored-entry-1');
  writeFileSync(join(dir, 'trust.json'), JSON.stringify(bundle));
  writeFileSync(join(dir, 'proof.json'), JSON.stringify({ proof: real }));
});
afterAll(async () => {
  await foreignGw.close();
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('anchored proof verification (embedded ledger)', () => {
  it('accepts a real proof: block signed by the pinned key, signer key proved by its registration', () => {
    expect(real.keyProvenance?.record.type).toBe('department.register');
    const result = verifyProofAnchored(real, bundle);
    expect(result.reasons).toEqual([]);
    expect(result.valid).toBe(true);
    const names = result.checks.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['block-signature', 'record-signature', 'key-provenance.block-signature', 'key-provenance.registrar', 'key-provenance.department-binding', 'record-department']));
  });

  it('refuses every forgery with a named reason', () => {
    const forgeries = forgeriesOf(real, foreign);
    expect(forgeries.map((f) => f.name)).toEqual([
      'self-made-signer-key',
      'edited-record',
      'edited-header',
      'garbage-block-signature',
      'invented-block',
      'chain-from-scratch',
      'other-department-key-id',
      'missing-key-provenance',
    ]);
    for (const forgery of forgeries) {
      const result = verifyProofAnchored(forgery.proof, bundle);
      expect({ name: forgery.name, valid: result.valid }).toEqual({ name: forgery.name, valid: false });
      expect({ name: forgery.name, reasons: result.reasons }).toEqual({ name: forgery.name, reasons: expect.arrayContaining([forgery.reason]) });
    }
  });

  it('a foreign chain verifies against its own bundle, never against ours', () => {
    expect(verifyProofAnchored(foreign, bundle).reasons).toEqual(expect.arrayContaining(['block-signature', 'key-provenance.block-signature']));
  });

  it('dtl verify: VALID with --trust (exit 0); UNANCHORED without (exit 3, never VALID); INVALID forgeries exit 1', async () => {
    const anchored = capture();
    expect(await main(['verify', join(dir, 'proof.json'), '--trust', join(dir, 'trust.json')], anchored.io)).toBe(0);
    expect(anchored.out()).toContain(`proof: VALID`);
    expect(anchored.out()).toContain(String(bundle.fingerprint));
    expect(anchored.out()).toContain('cannot show');

    const bare = capture();
    expect(await main(['verify', join(dir, 'proof.json')], bare.io)).toBe(3);
    expect(bare.out()).toContain('proof: UNANCHORED');
    expect(bare.out()).not.toContain('VALID —');

    for (const forgery of forgeriesOf(real, foreign)) {
      writeFileSync(join(dir, `${forgery.name}.json`), JSON.stringify(forgery.proof));
      const c = capture();
      expect({ name: forgery.name, code: await main(['verify', join(dir, `${forgery.name}.json`), '--trust', join(dir, 'trust.json')], c.io) }).toEqual({ name: forgery.name, code: 1 });
      expect(c.out()).toContain(`refused: `);
      expect(c.out()).toContain(forgery.reason);
      // without an anchor a forgery is never VALID either
      const u = capture();
      expect(await main(['verify', join(dir, `${forgery.name}.json`)], u.io)).not.toBe(0);
    }
  });

  it('dtl verify --json names the verdict and the reasons', async () => {
    const c = capture();
    expect(await main(['verify', join(dir, 'garbage-block-signature.json'), '--trust', join(dir, 'trust.json'), '--json'], c.io)).toBe(1);
    const answer = JSON.parse(c.out()) as { verdict: string; reasons: string[]; anchored: boolean };
    expect(answer).toMatchObject({ verdict: 'INVALID', anchored: true });
    expect(answer.reasons).toContain('block-signature');
  });

  it('a trust bundle whose content was edited after its fingerprint was read out is refused', async () => {
    const edited = { ...bundle, genesisHash: '00'.repeat(32) };
    writeFileSync(join(dir, 'edited-trust.json'), JSON.stringify(edited));
    const c = capture();
    expect(await main(['verify', join(dir, 'proof.json'), '--trust', join(dir, 'edited-trust.json')], c.io)).toBe(2);
    expect(c.out()).toContain('fingerprint: does not match');
    expect(() => parseTrustBundle({ ...bundle, network: 'other' })).toThrow('network: must be one of embedded, fabric');
    expect(bundle.fingerprint).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
  });

  it('key ids are bound to their department', () => {
    expect(keyIdBelongsTo('sh-samr#dev-1', 'sh-samr')).toBe(true);
    expect(keyIdBelongsTo('sh-samr#2', 'ja-coop')).toBe(false);
  });

  it('checks a chain copy against the bundle: a missing or swapped key file changes nothing, a copy from scratch is refused', async () => {
    await gw.ledger.close();
    await foreignGw.ledger.close();
    const copy = join(dir, 'copy');
    cpSync(gw.dataDir, copy, { recursive: true });
    rmSync(join(copy, LEDGER_PUBLIC_KEY_FILE));
    const missing = capture();
    expect(await main(['verify', join(dir, 'proof.json'), '--trust', join(dir, 'trust.json'), '--chain', copy], missing.io)).toBe(0);
    expect(missing.out()).toContain('ok   chain-genesis');
    expect(missing.out()).toContain('ok   chain-block-signatures');
    expect(missing.out()).toContain('ok   chain-signer-key');
    const unanchored = capture();
    expect(await main(['verify', join(dir, 'proof.json'), '--chain', copy], unanchored.io)).toBe(1);
    expect(unanchored.out()).toContain('FAIL chain-ledger-key');

    writeFileSync(join(copy, LEDGER_PUBLIC_KEY_FILE), sm2PublicKeyToPem(sm2GenerateKeyPair().publicKey));
    const swapped = capture();
    expect(await main(['verify', join(dir, 'proof.json'), '--trust', join(dir, 'trust.json'), '--chain', copy], swapped.io)).toBe(0);

    // the whole copy, every block and record, against the anchor (dtl chain verify --trust)
    const whole = capture();
    expect(await main(['chain', 'verify', '--data', copy, '--trust', join(dir, 'trust.json')], whole.io)).toBe(0);
    expect(whole.out()).toContain(`anchor: trust bundle ${String(bundle.fingerprint)}; genesis matches`);
    expect(whole.out()).toMatch(/transactions: \d+ \(\d+ tx\/s\)/);
    expect(whole.out()).toContain('chain: OK');
    const scratchChain = capture();
    expect(await main(['chain', 'verify', '--data', foreignGw.dataDir, '--trust', join(dir, 'trust.json')], scratchChain.io)).toBe(1);
    expect(scratchChain.out()).toContain('block 0 is not the pinned genesis block');

    writeFileSync(join(dir, 'foreign.json'), JSON.stringify(foreign));
    const scratch = capture();
    expect(await main(['verify', join(dir, 'foreign.json'), '--trust', join(dir, 'trust.json'), '--chain', foreignGw.dataDir], scratch.io)).toBe(1);
    expect(scratch.out()).toContain('FAIL chain-genesis');
    expect(scratch.out()).toContain('FAIL chain-block-signatures');
    expect(scratch.out()).toContain('FAIL block-signature');
  });
});
