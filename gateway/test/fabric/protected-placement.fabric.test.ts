/**
 * Placement by classification on the real network (issue 12). An Anhui department whose credit catalogue is
 * conditional writes a black-list entry with a canary in its narrative, through the adapter and the gateway's own
 * placement helper (content as transient data, hash-only form as argument). Then, with each province's own peer CLI:
 * - the block (fetched from every peer) and every peer's block files hold the hash, never the canary;
 * - Zhejiang's and Jiangsu's peers do not hold the content (`protected:held`), Anhui's does, and Anhui's client reads
 *   it back from its own peer (`protected:content`);
 * - a Shanghai department reads it under a grant: one allowed access record (`sharing:recordAccess`), the content
 *   released at Anhui's peer (`protected:release`, evaluated there), and the access record is the only write; once
 *   the grant has expired the next read is refused and nothing is released.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashOnlyForm } from '@dtl/chaincode';
import { COMPANIES } from '@dtl/fixtures';
import { bytesToHex, signRecord, sm2GenerateKeyPair, utf8Decode } from '@dtl/chaincode/crypto';
import { LedgerError } from '../../src/ledger/errors';
import { createFabricLedger, type FabricLedger } from '../../src/ledger/fabric';
import type { Province } from '../../src/ledger/ledger';
import { placedRequest } from '../../src/visibility/placement';

const ROOT = resolve(__dirname, '../../..');
const NETWORK = join(ROOT, 'network-config/scripts/network.sh');
const PEER_DATA = join(ROOT, 'network-config/.run/data');

function peerCli(province: Province, args: string[]): string {
  return execFileSync('bash', [NETWORK, 'peer', province, 'client', '--', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function query(province: Province, fn: string, args: string[]): string {
  return peerCli(province, ['chaincode', 'query', '-C', 'delta', '-n', 'dtl', '-c', JSON.stringify({ Args: [fn, ...args] })]);
}

/** Every file under a directory (the peer's ledger). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

interface Department {
  readonly id: string;
  readonly province: Province;
  sign(record: Record<string, unknown>): string;
}

describe('protected content on Fabric: only the owning province’s peers hold it', () => {
  let ledger: FabricLedger;
  let dir: string;
  const run = Date.now().toString(36);
  const canary = `PROTECTEDCANARY${run}`;
  const entryId = `credit-prot-${run}`;
  const departments: Record<'owner' | 'reader' | 'gateway', Department> = {} as never;
  let contentHash = '';
  let blockNumber = 0;

  const register = async (id: string, province: Province, roles: string[]): Promise<Department> => {
    const key = sm2GenerateKeyPair();
    const keyId = `${id}#1`;
    const sign = (record: Record<string, unknown>): string => JSON.stringify(signRecord({ ...record, department: id }, { privateKey: key.privateKey, keyId }));
    await ledger.submit({
      identity: { province, role: 'admin' },
      contract: 'department',
      transaction: 'register',
      args: [sign({ type: 'department.register', id: `reg-${id}`, nameZh: `保护数据测试 ${id}`, nameEn: `Protected data test ${id}`, province, city: '测试市', tier: 'province', roles, key: { keyId, publicKey: bytesToHex(key.publicKey), validFrom: '2020-01-01T00:00:00Z' } })],
    });
    return { id, province, sign };
  };
  const submit = (department: Department, contract: string, transaction: string, record: Record<string, unknown>, atProvince?: Province): ReturnType<FabricLedger['submit']> =>
    ledger.submit({ identity: { province: department.province, role: 'client' }, contract, transaction, args: [department.sign(record)], ...(atProvince ? { atProvince } : {}) });
  const recordAccess = async (id: string): Promise<{ allowed: boolean; reason?: string }> => {
    const committed = await submit(departments.gateway, 'sharing', 'recordAccess', { type: 'sharing.access', id, reader: departments.reader.id, owner: departments.owner.id, resourceId: `prot-credit-${run}`, purpose: '跨省联合惩戒核查' }, 'anhui'); // endorsed with the owner's peer, as the gateway does
    return (JSON.parse(utf8Decode(committed.result)) as { refs: { allowed: boolean; reason?: string } }).refs;
  };
  const release = async (accessId: string): Promise<Record<string, unknown>> =>
    JSON.parse(utf8Decode(await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'protected', transaction: 'release', args: [accessId, entryId], atProvince: 'anhui' }))) as Record<string, unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dtl-protected-'));
    ledger = await createFabricLedger();
    departments.owner = await register(`ah-prot-${run}`, 'anhui', ['credit-issuer', 'data-sharing-officer']);
    departments.reader = await register(`sh-prot-${run}`, 'shanghai', ['regulator', 'data-sharing-officer']);
    departments.gateway = await register(`sh-protgw-${run}`, 'shanghai', ['gateway']);
    await submit(departments.owner, 'sharing', 'publish', { type: 'sharing.catalogue', id: `cat-prot-${run}`, resourceId: `prot-credit-${run}`, family: 'credit', title: '失信主体名单（保护数据测试）', description: '主体、措施', mode: 'conditional', conditions: '需说明事由' });
  }, 300_000);

  afterAll(async () => {
    await ledger?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the entry: content as transient data to protected-anhui, the hash-only form in the block', async () => {
    const content = departments.owner.sign({
      type: 'credit.entry', id: entryId, list: 'black', subject: { kind: 'organisation', creditCode: COMPANIES.chuzhouBuild.creditCode, name: `${COMPANIES.chuzhouBuild.name} ${canary}` },
      category: 'food-drug-safety', legalBasis: `《食品安全法》 ${canary}`, measures: ['enhanced-supervision'], validFrom: '2026-01-01T00:00:00Z', validTo: '2029-01-01T00:00:00Z',
    });
    const request = await placedRequest(ledger, { identity: { province: 'anhui', role: 'client' }, contract: 'credit', transaction: 'addEntry', args: [content] });
    expect(request.transient?.content).toBeDefined();
    const committed = await ledger.submit(request);
    expect(committed.validationCode).toBe('VALID');
    blockNumber = committed.blockNumber;
    contentHash = hashOnlyForm(JSON.parse(content) as Record<string, unknown>).contentHash;
    const block = JSON.stringify(await ledger.block(blockNumber));
    expect(block).not.toContain(canary);
    expect(block).toContain(contentHash);
  }, 120_000);

  it('every peer’s copy of the block and its block files hold the hash, never the content (peer CLI, ledger files)', () => {
    for (const province of ['shanghai', 'jiangsu', 'zhejiang', 'anhui'] as const) {
      const file = join(dir, `${province}.block`);
      peerCli(province, ['channel', 'fetch', String(blockNumber), file, '-c', 'delta']);
      const raw = readFileSync(file);
      expect(raw.includes(Buffer.from(canary))).toBe(false);
      expect(raw.includes(Buffer.from(contentHash))).toBe(true);
      const chains = join(PEER_DATA, `peer0.${province}`, 'ledgersData', 'chains');
      for (const blockFile of filesUnder(chains)) expect(readFileSync(blockFile).includes(Buffer.from(canary))).toBe(false);
    }
  });

  it('Zhejiang’s and Jiangsu’s peers hold only the hash; Anhui’s holds the content and gives it to Anhui', () => {
    for (const province of ['zhejiang', 'jiangsu'] as const) {
      const held = JSON.parse(query(province, 'protected:held', [entryId])) as { contentHeld: boolean; privateDataHash: string; contentHash: string };
      expect(held).toMatchObject({ contentHeld: false, contentHash });
      expect(held.privateDataHash).toMatch(/^[0-9a-f]{64}$/);
      expect(() => query(province, 'protected:content', [entryId])).toThrow(/NOT_AUTHORISED/);
    }
    expect(JSON.parse(query('anhui', 'protected:held', [entryId]))).toMatchObject({ contentHeld: true, contentHash });
    expect(query('anhui', 'protected:content', [entryId])).toContain(canary);
  }, 120_000);

  it('a grant lets Shanghai read: one access record, the content released at Anhui’s peer; its expiry ends it', async () => {
    expect(await recordAccess(`acc-prot-a-${run}`)).toMatchObject({ allowed: false });
    await expect(release(`acc-prot-a-${run}`)).rejects.toMatchObject({ code: 'GRANT_REQUIRED' } satisfies Partial<LedgerError>);

    const validTo = new Date(Date.now() + 60_000).toISOString();
    await submit(departments.reader, 'sharing', 'request', { type: 'sharing.request', id: `req-prot-${run}`, owner: departments.owner.id, resourceId: `prot-credit-${run}`, purpose: '跨省联合惩戒核查', until: '2099-01-01T00:00:00Z' });
    await submit(departments.owner, 'sharing', 'decide', { type: 'sharing.grant', id: `grant-prot-${run}`, requestId: `req-prot-${run}`, decision: 'approved', validFrom: '2025-01-01T00:00:00Z', validTo, reason: '同意' });
    const readsBefore = (JSON.parse(utf8Decode(await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'sharing', transaction: 'readsBy', args: [departments.reader.id] }))) as unknown[]).length;
    expect(await recordAccess(`acc-prot-b-${run}`)).toMatchObject({ allowed: true });
    const released = await release(`acc-prot-b-${run}`);
    expect(JSON.stringify(released)).toContain(canary);
    expect(released).toMatchObject({ basis: 'guarded-read', accessId: `acc-prot-b-${run}` });
    const readsAfter = JSON.parse(utf8Decode(await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'sharing', transaction: 'readsBy', args: [departments.reader.id] }))) as unknown[];
    expect(readsAfter.length - readsBefore).toBe(1);
    // releasing is an evaluation at Anhui's peer: Shanghai's own peer cannot give it
    await expect(
      ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'protected', transaction: 'release', args: [`acc-prot-b-${run}`, entryId], atProvince: 'shanghai' }),
    ).rejects.toBeInstanceOf(LedgerError);

    await new Promise((resolveWait) => setTimeout(resolveWait, Math.max(0, Date.parse(validTo) - Date.now() + 2_000)));
    expect(await recordAccess(`acc-prot-c-${run}`)).toMatchObject({ allowed: false });
    await expect(release(`acc-prot-c-${run}`)).rejects.toMatchObject({ code: 'GRANT_REQUIRED' } satisfies Partial<LedgerError>);
  }, 300_000);
});
