import { ContractHarness } from '../testing/harness';
import { signedJson, testKey, type TestKey } from '../testing/signers';
import { DepartmentContract } from './department';

const SH = { province: 'shanghai', role: 'admin' } as const;
const SH_CLIENT = { province: 'shanghai', role: 'client' } as const;
const AH = { province: 'anhui', role: 'admin' } as const;

function registerRecord(id: string, department: string, key: TestKey, overrides: Record<string, unknown> = {}): string {
  return signedJson(
    {
      type: 'department.register',
      id,
      department,
      nameZh: '上海市市场监督管理局',
      nameEn: 'Shanghai Administration for Market Regulation',
      province: 'shanghai',
      city: '上海市',
      tier: 'province',
      roles: ['credit-issuer', 'licence-issuer', 'regulator'],
      key: { keyId: key.keyId, publicKey: key.publicKeyHex, validFrom: '2025-01-01T00:00:00Z' },
      ...overrides,
    },
    key,
  );
}

describe('department contract through ChaincodeFromContract', () => {
  let ledger: ContractHarness;
  const shKey = testKey('sh-samr#1');

  beforeEach(async () => {
    ledger = new ContractHarness([DepartmentContract]);
    await ledger.submit(SH, 'department:register', [registerRecord('reg-sh-samr', 'sh-samr', shKey)]);
  });

  it('registers a department and returns it with its key and an event', async () => {
    const department = JSON.parse(await ledger.evaluate(SH_CLIENT, 'department:get', ['sh-samr'])) as { id: string; province: string; keys: Array<{ keyId: string }> };
    expect(department.id).toBe('sh-samr');
    expect(department.keys.map((k) => k.keyId)).toEqual(['sh-samr#1']);
    expect(ledger.events[0]?.name).toBe('department.register');
    expect(JSON.parse(ledger.events[0]?.payload ?? '{}')).toMatchObject({ id: 'reg-sh-samr', type: 'department.register', keyId: 'sh-samr#1' });
    const stored = JSON.parse(await ledger.evaluate(SH_CLIENT, 'department:getRecord', ['reg-sh-samr'])) as { txId: string; record: { signature: { keyId: string } } };
    expect(stored.record.signature.keyId).toBe('sh-samr#1');
    expect(stored.txId).toBe('tx000001');
  });

  it('refuses registration by a client identity, or by another province admin after bootstrap', async () => {
    const key = testKey('sh-fgw#1');
    const byClient = await ledger.invoke(SH_CLIENT, 'department:register', [registerRecord('reg-sh-fgw', 'sh-fgw', key)]);
    expect(byClient.code).toBe('NOT_AUTHORISED');
    const byAnhui = await ledger.invoke(AH, 'department:register', [registerRecord('reg-sh-fgw', 'sh-fgw', key)]);
    expect(byAnhui.code).toBe('NOT_AUTHORISED');
    expect(byAnhui.message).toContain('ShanghaiMSP');
  });

  it('refuses a replayed record, a duplicate department and a tampered signature', async () => {
    expect((await ledger.invoke(SH, 'department:register', [registerRecord('reg-sh-samr', 'sh-samr', shKey)])).code).toBe('REPLAYED');
    expect((await ledger.invoke(SH, 'department:register', [registerRecord('reg-sh-samr-2', 'sh-samr', testKey('sh-samr#9'))])).code).toBe('CONFLICT');
    const tampered = JSON.parse(registerRecord('reg-x', 'sh-x', testKey('sh-x#1'))) as Record<string, unknown>;
    tampered.nameEn = 'Someone else';
    expect((await ledger.invoke(SH, 'department:register', [JSON.stringify(tampered)])).code).toBe('SIGNATURE_INVALID');
  });

  it('names the bad field in INVALID_ARGUMENT', async () => {
    const result = await ledger.invoke(SH, 'department:register', [registerRecord('reg-y', 'sh-y', testKey('sh-y#1'), { tier: 'village', roles: ['mayor'] })]);
    expect(result.code).toBe('INVALID_ARGUMENT');
    expect(result.message).toContain('tier: must be one of');
    expect(result.message).toContain('roles[0]: must be one of');
    const duplicateKeys = await ledger.invoke(SH, 'department:register', ['{"type":"department.register","type":"x"}']);
    expect(duplicateKeys.code).toBe('INVALID_ARGUMENT');
  });

  it('rotates a key signed by the current key; the old key then refuses to sign', async () => {
    const next = testKey('sh-samr#2');
    const rotate = { type: 'department.key.rotate', id: 'rot-1', department: 'sh-samr', key: { keyId: next.keyId, publicKey: next.publicKeyHex, validFrom: '2025-01-01T00:00:00Z' }, supersedes: 'sh-samr#1' };
    await ledger.submit(SH_CLIENT, 'department:rotateKey', [signedJson(rotate, shKey)]);
    const key = JSON.parse(await ledger.evaluate(SH_CLIENT, 'department:getKey', ['sh-samr#1'])) as { status: string; key: { revocationReason: string } };
    expect(key.status).toBe('revoked');
    expect(key.key.revocationReason).toBe('superseded');
    const again = { type: 'department.key.revoke', id: 'rev-1', department: 'sh-samr', keyId: 'sh-samr#2', reason: 'administrative' };
    expect((await ledger.invoke(SH_CLIENT, 'department:revokeKey', [signedJson(again, shKey)])).code).toBe('KEY_REVOKED');
    await ledger.submit(SH_CLIENT, 'department:revokeKey', [signedJson(again, next)]);
    expect((await ledger.invoke(SH_CLIENT, 'department:revokeKey', [signedJson({ ...again, id: 'rev-2' }, next)])).code).toBe('KEY_REVOKED');
  });

  it('recovers a department whose keys are lost: new key self-signed, submitted by the province admin only', async () => {
    const fresh = testKey('sh-samr#3');
    const rotate = { type: 'department.key.rotate', id: 'rot-rec', department: 'sh-samr', key: { keyId: fresh.keyId, publicKey: fresh.publicKeyHex, validFrom: '2025-01-01T00:00:00Z' }, supersedes: 'sh-samr#1' };
    expect((await ledger.invoke(SH_CLIENT, 'department:rotateKey', [signedJson(rotate, fresh)])).code).toBe('NOT_AUTHORISED');
    await ledger.submit(SH, 'department:rotateKey', [signedJson(rotate, fresh)]);
    const list = JSON.parse(await ledger.evaluate(SH_CLIENT, 'department:list', ['shanghai'])) as Array<{ keys: unknown[] }>;
    expect(list[0]?.keys).toHaveLength(2);
  });

  it('refuses a key used before its validFrom', async () => {
    const later = testKey('sh-late#1');
    const result = await ledger.invoke(SH, 'department:register', [
      signedJson(
        { type: 'department.register', id: 'reg-late', department: 'sh-late', nameZh: '测试', nameEn: 'Test', province: 'shanghai', city: '上海市', tier: 'province', roles: ['auditor'], key: { keyId: later.keyId, publicKey: later.publicKeyHex, validFrom: '2030-01-01T00:00:00Z' } },
        later,
      ),
    ]);
    expect(result.code).toBe('KEY_EXPIRED');
  });

  it('reports NOT_FOUND for unknown departments and records', async () => {
    expect((await ledger.invoke(SH_CLIENT, 'department:get', ['nope'], { evaluate: true })).code).toBe('NOT_FOUND');
    expect((await ledger.invoke(SH_CLIENT, 'department:getRecord', ['nope'], { evaluate: true })).code).toBe('NOT_FOUND');
  });

  it('binds key ids to their department: another department cannot register or rotate in a key id of sh-samr', async () => {
    const squatter = testKey('sh-samr#2');
    const register = await ledger.invoke(SH, 'department:register', [registerRecord('reg-coop', 'sh-coop', squatter)]);
    expect(register.code).toBe('INVALID_ARGUMENT');
    expect(register.message).toContain('key.keyId: sh-samr#2 is not a key id of sh-coop');
    const coopKey = testKey('sh-coop#1');
    await ledger.submit(SH, 'department:register', [registerRecord('reg-sh-coop', 'sh-coop', coopKey)]);
    const eseal = testKey('sh-samr#eseal-20260101');
    const rotate = await ledger.invoke(SH_CLIENT, 'department:rotateKey', [
      signedJson({ type: 'department.key.rotate', id: 'rot-coop', department: 'sh-coop', key: { keyId: eseal.keyId, publicKey: eseal.publicKeyHex, validFrom: '2025-01-01T00:00:00Z' } }, coopKey),
    ]);
    expect(rotate.code).toBe('INVALID_ARGUMENT');
    // sh-samr itself can still take that e-seal key id later
    const own = await ledger.invoke(SH_CLIENT, 'department:rotateKey', [
      signedJson({ type: 'department.key.rotate', id: 'rot-samr', department: 'sh-samr', key: { keyId: eseal.keyId, publicKey: eseal.publicKeyHex, validFrom: '2025-01-01T00:00:00Z' } }, shKey),
    ]);
    expect(own.code).toBeUndefined();
  });
});
