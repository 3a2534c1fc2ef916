import { registerTestDepartment, type TestDepartment } from '../testing/departments';
import { ContractHarness } from '../testing/harness';
import { DepartmentContract } from './department';
import { SharingContract } from './sharing';

interface Receipt {
  refs: { allowed: boolean; basis: string; reason?: string; grantId?: string };
}

describe('sharing contract through ChaincodeFromContract', () => {
  let ledger: ContractHarness;
  let owner: TestDepartment;
  let reader: TestDepartment;
  let shGateway: TestDepartment;
  let ahGateway: TestDepartment;
  let seq = 0;

  const access = async (gateway: TestDepartment, fields: Record<string, unknown>): Promise<Receipt['refs']> => {
    seq += 1;
    const record = { type: 'sharing.access', id: `acc-${seq}`, reader: reader.id, owner: owner.id, resourceId: 'food-licences', purpose: '跨省执法协查', ...fields };
    return (JSON.parse(await ledger.submit(gateway.caller, 'sharing:recordAccess', [gateway.sign(record)])) as Receipt).refs;
  };

  beforeEach(async () => {
    ledger = new ContractHarness([DepartmentContract, SharingContract]);
    owner = await registerTestDepartment(ledger, { id: 'ah-samr', province: 'anhui', roles: ['licence-issuer', 'data-sharing-officer'] });
    reader = await registerTestDepartment(ledger, { id: 'sh-samr', province: 'shanghai', roles: ['regulator', 'data-sharing-officer'] });
    shGateway = await registerTestDepartment(ledger, { id: 'sh-gateway', province: 'shanghai', roles: ['gateway'] });
    ahGateway = await registerTestDepartment(ledger, { id: 'ah-gateway', province: 'anhui', roles: ['gateway'] });
    await ledger.submit(owner.caller, 'sharing:publish', [
      owner.sign({ type: 'sharing.catalogue', id: 'cat-1', resourceId: 'food-licences', family: 'licence', title: '食品经营许可信息', description: '许可证号、持证主体、有效期、状态', mode: 'conditional', conditions: '用于执法协查，需说明事由' }),
    ]);
  });

  it('refuses a cross-region read without a grant but records it; after a grant the read is allowed', async () => {
    expect(await access(shGateway, { subject: '91330100799655058B' })).toEqual({ allowed: false, basis: 'refused', reason: 'no-grant', readerProvince: 'shanghai', ownerProvince: 'anhui' });
    await ledger.submit(reader.caller, 'sharing:request', [reader.sign({ type: 'sharing.request', id: 'req-1', owner: owner.id, resourceId: 'food-licences', purpose: '跨省执法协查', until: '2026-01-01T00:00:00Z' })]);
    const pending = JSON.parse(await ledger.evaluate(owner.caller, 'sharing:requestsFor', [owner.id])) as Array<{ status: string }>;
    expect(pending.map((r) => r.status)).toEqual(['pending']);
    await ledger.submit(owner.caller, 'sharing:decide', [owner.sign({ type: 'sharing.grant', id: 'grant-1', requestId: 'req-1', decision: 'approved', validFrom: '2025-03-01T00:00:00Z', validTo: '2025-12-31T00:00:00Z', reason: '同意共享' })]);
    expect(await access(shGateway, { subject: '91330100799655058B' })).toMatchObject({ allowed: true, basis: 'grant', grantId: 'grant-1' });
    await ledger.submit(owner.caller, 'sharing:revokeGrant', [owner.sign({ type: 'sharing.grant.revoke', id: 'grv-1', grantId: 'grant-1', reason: '协查结束' })]);
    expect(await access(shGateway, { grantId: 'grant-1' })).toMatchObject({ allowed: false, reason: 'grant-revoked' });

    const pairs = JSON.parse(await ledger.evaluate(reader.caller, 'sharing:readsByProvincePair', [])) as unknown[];
    expect(pairs).toEqual([{ readerProvince: 'shanghai', ownerProvince: 'anhui', allowed: 1, refused: 2 }]);
    const refused = JSON.parse(await ledger.evaluate(reader.caller, 'sharing:refusedReads', [])) as Array<{ accessId: string; reason: string; gateway: string }>;
    expect(refused.map((r) => [r.accessId, r.reason])).toEqual([
      ['acc-1', 'no-grant'],
      ['acc-3', 'grant-revoked'],
    ]);
    expect(refused[0]?.gateway).toBe('sh-gateway');
    expect((JSON.parse(await ledger.evaluate(reader.caller, 'sharing:readsOf', [owner.id])) as unknown[]).length).toBe(3);
    expect((JSON.parse(await ledger.evaluate(reader.caller, 'sharing:readsBy', [reader.id])) as unknown[]).length).toBe(3);
    expect(ledger.events.filter((e) => e.name === 'sharing.access')).toHaveLength(3);
  });

  it('decideRead gives the decision recordAccess takes, and writes nothing', async () => {
    const decide = async (grantId = ''): Promise<unknown> => JSON.parse(await ledger.evaluate(shGateway.caller, 'sharing:decideRead', [reader.id, owner.id, 'food-licences', '', grantId]));
    const before = ledger.events.length;
    expect(await decide()).toEqual({ allowed: false, basis: 'refused', reason: 'no-grant' });
    expect(await decide('no-such-grant')).toEqual({ allowed: false, basis: 'refused', reason: 'grant-unknown', grantId: 'no-such-grant' });
    expect(ledger.events.length).toBe(before);
    expect(JSON.parse(await ledger.evaluate(reader.caller, 'sharing:readsOf', [owner.id]))).toEqual([]);
    await ledger.submit(reader.caller, 'sharing:request', [reader.sign({ type: 'sharing.request', id: 'req-d', owner: owner.id, resourceId: 'food-licences', purpose: '协查', until: '2026-01-01T00:00:00Z' })]);
    await ledger.submit(owner.caller, 'sharing:decide', [owner.sign({ type: 'sharing.grant', id: 'grant-d', requestId: 'req-d', decision: 'approved', validFrom: '2025-03-01T00:00:00Z', validTo: '2025-12-31T00:00:00Z', reason: '同意' })]);
    expect(await decide()).toEqual({ allowed: true, basis: 'grant', grantId: 'grant-d' });
    expect(await access(shGateway, {})).toMatchObject({ allowed: true, basis: 'grant', grantId: 'grant-d' });
    const sameProvince = JSON.parse(await ledger.evaluate(ahGateway.caller, 'sharing:decideRead', [owner.id, owner.id, 'food-licences', '', ''])) as unknown;
    expect(sameProvince).toEqual({ allowed: true, basis: 'same-province' });
  });

  it('only a gateway principal of the reader province records reads', async () => {
    seq += 1;
    const record = { type: 'sharing.access', id: `acc-x${seq}`, reader: reader.id, owner: owner.id, resourceId: 'food-licences', purpose: 'x' };
    expect((await ledger.invoke(ahGateway.caller, 'sharing:recordAccess', [ahGateway.sign(record)])).code).toBe('NOT_AUTHORISED');
    expect((await ledger.invoke(reader.caller, 'sharing:recordAccess', [reader.sign(record)])).code).toBe('NOT_AUTHORISED');
  });

  it('a grant is decided only by the owner; requests for unconditional resources are refused', async () => {
    await ledger.submit(reader.caller, 'sharing:request', [reader.sign({ type: 'sharing.request', id: 'req-2', owner: owner.id, resourceId: 'food-licences', purpose: '核查', until: '2026-01-01T00:00:00Z' })]);
    const byReader = await ledger.invoke(reader.caller, 'sharing:decide', [reader.sign({ type: 'sharing.grant', id: 'grant-x', requestId: 'req-2', decision: 'approved', validFrom: '2025-03-01T00:00:00Z', validTo: '2025-12-31T00:00:00Z', reason: 'self-approval' })]);
    expect(byReader.code).toBe('NOT_AUTHORISED');
    await ledger.submit(owner.caller, 'sharing:publish', [owner.sign({ type: 'sharing.catalogue', id: 'cat-2', resourceId: 'food-licences', family: 'licence', title: '食品经营许可信息', description: '公开', mode: 'unconditional' })]);
    const request = await ledger.invoke(reader.caller, 'sharing:request', [reader.sign({ type: 'sharing.request', id: 'req-3', owner: owner.id, resourceId: 'food-licences', purpose: '核查', until: '2026-01-01T00:00:00Z' })]);
    expect(request.code).toBe('CONFLICT');
    expect(await access(shGateway, {})).toMatchObject({ allowed: true, basis: 'unconditional' });
    const catalogue = JSON.parse(await ledger.evaluate(reader.caller, 'sharing:catalogue', [''])) as Array<{ version: number; mode: string }>;
    expect(catalogue).toMatchObject([{ version: 2, mode: 'unconditional' }]);
  });
});
