/**
 * The read model over the real Fabric network: the same indexer that follows the embedded ledger follows a peer's
 * committed blocks (Ledger.blocks on the fabric adapter), projects a department and a credit entry written through
 * the network, and `verifyIndex` re-projects the peer's blocks and finds the index equal to them.
 */
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { createFabricLedger, type FabricLedger } from '../../src/ledger/fabric';
import { openReadModel, verifyIndex, type ReadModel } from '../../src/read-model';
import { LISTS } from '../../src/read-model/lists';
import { scopeFor } from '../../src/read-model/visibility';

describe('read model on Fabric', () => {
  let ledger: FabricLedger;
  let readModel: ReadModel;
  const run = Date.now().toString(36);
  const department = `ah-rm-${run}`;
  const key = sm2GenerateKeyPair();
  const keyId = `${department}#1`;
  const sign = (record: Record<string, unknown>): string => JSON.stringify(signRecord(record as never, { privateKey: key.privateKey, keyId }));

  beforeAll(async () => {
    ledger = await createFabricLedger();
    readModel = await openReadModel(':memory:', ledger);
    await readModel.indexer.start();
  });

  afterAll(async () => {
    await readModel?.close();
    await ledger?.close();
  });

  it('follows the peer\'s blocks, projects what was written through the network, and verifies against them', async () => {
    await ledger.submit({
      identity: { province: 'anhui', role: 'admin' },
      contract: 'department',
      transaction: 'register',
      args: [sign({ type: 'department.register', id: `reg-${department}`, department, nameZh: '安徽省信用办（读模型测试）', nameEn: 'Anhui credit office (read model test)', province: 'anhui', city: '合肥市', tier: 'province', roles: ['credit-issuer'], key: { keyId, publicKey: bytesToHex(key.publicKey), validFrom: '2020-01-01T00:00:00Z' } })],
    });
    const entryId = `credit-rm-${run}`;
    const committed = await ledger.submit({
      identity: { province: 'anhui', role: 'client' },
      contract: 'credit',
      transaction: 'addEntry',
      args: [sign({ type: 'credit.entry', id: entryId, department, list: 'black', subject: { kind: 'organisation', creditCode: '91341524MA2Q6D4J0A', name: '金寨县示范瓜片茶业有限公司' }, category: 'food-drug-safety', legalBasis: '《食品安全法》第一百三十四条', measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z' })],
    });
    expect(await readModel.indexer.waitFor(committed.blockNumber + 1, 60_000)).toBe(true);

    const spec = LISTS.find((l) => l.path === 'credit-entries');
    if (!spec) throw new Error('no credit-entries list');
    const page = await readModel.queries.list(spec, { filters: { department }, order: 'newest', limit: 10 }, scopeFor({ id: department, province: 'anhui', roles: ['credit-issuer'] }, 'credit'));
    expect(page.items).toEqual([expect.objectContaining({ entryId, province: 'anhui', subjectKey: '91341524MA2Q6D4J0A', list: 'black' })]);
    const found = await readModel.queries.search('瓜片茶业', { kinds: ['subject'], provinceScope: ['anhui'], limit: 10 });
    expect(found.items.map((n) => n.refId)).toContain('91341524MA2Q6D4J0A');

    await readModel.indexer.stop();
    const report = await verifyIndex(readModel.database, ledger);
    expect(report.differences).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.indexHeight).toBeGreaterThan(committed.blockNumber);
  }, 180_000);
});
