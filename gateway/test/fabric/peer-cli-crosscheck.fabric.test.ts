/**
 * An independent client checks what the Fabric adapter reports: a department registered through the adapter by
 * Shanghai's admin is read back with the peer CLI from Jiangsu's peer, and the block the adapter named (number and
 * hash) is fetched with the peer CLI from Anhui's peer and decoded with configtxlator, Fabric's own tool. The hash is
 * checked against what Fabric itself chained: the next block's previous_hash.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { createFabricLedger, type FabricLedger } from '../../src/ledger/fabric';
import type { CommittedTransaction } from '../../src/ledger/ledger';

const ROOT = resolve(__dirname, '../../..');
const NETWORK = join(ROOT, 'network-config/scripts/network.sh');
const CONFIGTXLATOR = join(ROOT, 'network-config/.fabric/bin/configtxlator');

/** Runs the peer CLI as a province's client identity against that province's own peer. */
function peerCli(province: string, args: string[]): string {
  return execFileSync('bash', [NETWORK, 'peer', province, 'client', '--', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface DecodedBlock {
  header: { number: string; previous_hash: string; data_hash: string };
  data: { data: Array<{ payload: { header: { channel_header: { tx_id: string } } } }> };
}

/** Fetches a block with the peer CLI from a province's peer and decodes it with configtxlator. */
function fetchBlock(province: string, number: number, dir: string): DecodedBlock {
  const file = join(dir, `${province}-${number}.block`);
  peerCli(province, ['channel', 'fetch', String(number), file, '-c', 'delta']);
  execFileSync(CONFIGTXLATOR, ['proto_decode', '--type', 'common.Block', '--input', file, '--output', `${file}.json`]);
  return JSON.parse(readFileSync(`${file}.json`, 'utf8')) as DecodedBlock;
}

const base64ToHex = (value: string): string => Buffer.from(value, 'base64').toString('hex');

function registration(departmentId: string): string {
  const key = sm2GenerateKeyPair();
  const keyId = `${departmentId}#1`;
  return JSON.stringify(
    signRecord(
      {
        type: 'department.register',
        id: `reg-${departmentId}`,
        department: departmentId,
        nameZh: '上海市数据局（交叉核验）',
        nameEn: 'Shanghai Data Bureau (cross-check)',
        province: 'shanghai',
        city: '上海市',
        tier: 'province',
        roles: ['regulator'],
        key: { keyId, publicKey: bytesToHex(key.publicKey), validFrom: '2025-01-01T00:00:00Z' },
      },
      { privateKey: key.privateKey, keyId },
    ),
  );
}

describe('Fabric adapter cross-checked with the peer CLI of other provinces', () => {
  let ledger: FabricLedger;
  let dir: string;
  const departmentId = `sh-xcheck-${Date.now().toString(36)}`;
  let committed: CommittedTransaction;

  beforeAll(async () => {
    ledger = await createFabricLedger();
    dir = mkdtempSync(join(tmpdir(), 'dtl-fabric-xcheck-'));
    committed = await ledger.submit({
      identity: { province: 'shanghai', role: 'admin' },
      contract: 'department',
      transaction: 'register',
      args: [registration(departmentId)],
    });
  });

  afterAll(async () => {
    await ledger?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the record written through the adapter is readable with the peer CLI from Jiangsu', () => {
    expect(committed.validationCode).toBe('VALID');
    const out = peerCli('jiangsu', ['chaincode', 'query', '-C', 'delta', '-n', 'dtl', '-c', JSON.stringify({ Args: ['department:get', departmentId] })]);
    expect(JSON.parse(out)).toMatchObject({ id: departmentId, province: 'shanghai' });
  });

  it("the block the adapter named holds the transaction, as Anhui's peer serves it", () => {
    const block = fetchBlock('anhui', committed.blockNumber, dir);
    expect(Number(block.header.number)).toBe(committed.blockNumber);
    expect(block.data.data.map((envelope) => envelope.payload.header.channel_header.tx_id)).toContain(committed.txId);
  });

  it("the adapter's block hash is the previous_hash Fabric chained into the next block", async () => {
    // Make sure a next block exists, then read its header from another province's peer.
    const next = await ledger.submit({
      identity: { province: 'jiangsu', role: 'client' },
      contract: 'department',
      transaction: 'get',
      args: [departmentId],
    });
    expect(next.blockNumber).toBeGreaterThan(committed.blockNumber);
    const following = fetchBlock('zhejiang', committed.blockNumber + 1, dir);
    expect(base64ToHex(following.header.previous_hash)).toBe(committed.blockHash);
    const view = await ledger.block(committed.blockNumber);
    const decoded = fetchBlock('anhui', committed.blockNumber, dir);
    expect(view?.hash).toBe(committed.blockHash);
    expect(view?.hashAlgorithm).toBe('sha256');
    expect(view?.dataHash).toBe(base64ToHex(decoded.header.data_hash));
    expect(view?.transactions.find((tx) => tx.txId === committed.txId)).toMatchObject({
      contract: 'department',
      transaction: 'register',
      creatorMspId: 'ShanghaiMSP',
      validationCode: 'VALID',
    });
  });

  it('shares one gRPC connection per peer endpoint across identities and requests', async () => {
    // Used so far: Shanghai admin and client (reader), Jiangsu client; then many more requests on the same peers.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ledger.evaluate({
          identity: { province: i % 2 === 0 ? 'shanghai' : 'jiangsu', role: i % 3 === 0 ? 'admin' : 'client' },
          contract: 'department',
          transaction: 'get',
          args: [departmentId],
        }),
      ),
    );
    expect(ledger.connectionCount).toBe(2);
  });

  it('the connection profile written by network.sh names every province', () => {
    const profile = JSON.parse(readFileSync(join(ROOT, 'network-config/.run/connection.json'), 'utf8')) as { provinces: Record<string, { mspId: string }> };
    expect(Object.values(profile.provinces).map((p) => p.mspId)).toEqual(['ShanghaiMSP', 'JiangsuMSP', 'ZhejiangMSP', 'AnhuiMSP']);
  });
});
