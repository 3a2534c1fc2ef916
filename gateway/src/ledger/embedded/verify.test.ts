import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { runChainVerify } from '../../cli/chain';
import { AttestationContract } from '../../../test/conformance/attestation-contract';
import { ProbeContract } from '../../../test/conformance/probe-contract';
import { EmbeddedLedger, LEDGER_DB_DIR } from './embedded-ledger';
import { PREFIX } from './layout';
import { readLedgerPublicKey } from './ledger-key';
import { verifyChain } from './verify';

const quietIo = { out: (): void => undefined, err: (): void => undefined };

describe('dtl chain verify: tampering with any stored block, state or history entry is detected', () => {
  let dataDir: string;
  let location: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtl-tamper-'));
    location = join(dataDir, LEDGER_DB_DIR);
    const ledger = await EmbeddedLedger.open({ dataDir, contracts: [AttestationContract, ProbeContract] });
    const identity = { province: 'jiangsu', role: 'client' } as const;
    const signer = sm2GenerateKeyPair();
    await ledger.submit({ identity, contract: 'attestation', transaction: 'registerKey', args: ['js-scjgj#1', bytesToHex(signer.publicKey)] });
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const record = signRecord(
          { id: `R-${i}`, subject: `9132000071${String(i).padStart(8, '0')}`, statement: '守信激励', issuedAt: '2024-05-01T08:00:00Z' },
          { privateKey: signer.privateKey, keyId: 'js-scjgj#1' },
        );
        return ledger.submit({ identity, contract: 'attestation', transaction: 'attest', args: [JSON.stringify(record)] });
      }),
    );
    await ledger.submit({ identity, contract: 'probe', transaction: 'put', args: ['k', 'v1'] });
    await ledger.submit({ identity, contract: 'probe', transaction: 'put', args: ['k', 'v2'] });
    await ledger.submit({
      identity,
      contract: 'probe',
      transaction: 'putPrivate',
      args: ['personal-jiangsu', 'citizen-1'],
      transient: { value: Buffer.from('320102198001011234') },
    });
    await ledger.close();
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an untouched chain verifies, including every record signature against the registered key', async () => {
    const result = await verifyChain(location, readLedgerPublicKey(dataDir));
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.records).toEqual({ verified: 24, unknownKey: 0, invalid: 0, hashOnly: 0 });
    expect(await runChainVerify(dataDir, quietIo)).toBe(0);
  });

  const targets: Array<[string, number]> = [
    ['block', PREFIX.block],
    ['state', PREFIX.state],
    ['history', PREFIX.history],
    ['tx index', PREFIX.txIndex],
    ['private data hash', PREFIX.privateHash],
    ['private data value', PREFIX.privateState],
  ];

  it.each(targets)('a flipped byte in a %s entry fails verification, and restoring it passes again', async (_name, prefix) => {
    const db = new Level<Buffer, Buffer>(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    const entries: Array<[Buffer, Buffer]> = [];
    for await (const [key, value] of db.iterator({ gte: Buffer.from([prefix]), lt: Buffer.from([prefix + 1]) })) entries.push([key, value]);
    expect(entries.length).toBeGreaterThan(0);
    // Several random entries and byte positions per kind.
    for (let round = 0; round < 3; round++) {
      const [key, original] = entries[Math.floor(Math.random() * entries.length)] as [Buffer, Buffer];
      const tampered = Buffer.from(original);
      const position = Math.floor(Math.random() * tampered.length);
      tampered[position] = (tampered[position] ?? 0) ^ (1 << Math.floor(Math.random() * 8));
      await db.put(key, tampered);
      await db.close();
      const result = await verifyChain(location, readLedgerPublicKey(dataDir));
      expect(result.ok).toBe(false);
      expect(result.firstBadBlock).toBeDefined();
      expect(await runChainVerify(dataDir, quietIo)).toBe(1);
      await db.open();
      await db.put(key, original);
    }
    await db.close();
    expect((await verifyChain(location, readLedgerPublicKey(dataDir))).ok).toBe(true);
  });

  it('names the tampered block as the first bad block', async () => {
    const db = new Level<Buffer, Buffer>(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    const blockKey = Buffer.concat([Buffer.from([PREFIX.block]), Buffer.alloc(8)]);
    blockKey.writeBigUInt64BE(2n, 1);
    const original = await db.get(blockKey);
    expect(original).toBeDefined();
    const text = (original as Buffer).toString('utf8').replace('"VALID"', '"MVCC_READ_CONFLICT"');
    await db.put(blockKey, Buffer.from(text));
    await db.close();
    const result = await verifyChain(location, readLedgerPublicKey(dataDir));
    expect(result.firstBadBlock).toBe(2);
    expect(result.problems.map((p) => p.code)).toContain('METADATA_HASH');
    await db.open();
    await db.put(blockKey, original as Buffer);
    await db.close();
  });
});
