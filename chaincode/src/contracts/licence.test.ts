import { registerTestDepartment, type TestDepartment } from '../testing/departments';
import { refusalOf } from '../testing/refusal';
import { ContractHarness } from '../testing/harness';
import { CreditContract } from './credit';
import { DepartmentContract } from './department';
import { LicenceContract } from './licence';

const HOLDER = { kind: 'organisation', creditCode: '91330100799655058B', name: '示例食品有限公司' };
const DIGEST = 'a1'.repeat(32);

function issue(id: string, number: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'licence.issue',
    id,
    number,
    licenceType: 'food-business',
    holder: HOLDER,
    title: '食品经营许可证',
    scope: '预包装食品销售',
    validFrom: '2025-01-01T00:00:00Z',
    validTo: '2030-01-01T00:00:00Z',
    fileDigest: DIGEST,
    ...overrides,
  };
}

describe('licence contract through ChaincodeFromContract', () => {
  let ledger: ContractHarness;
  let issuer: TestDepartment;
  let credit: TestDepartment;

  beforeEach(async () => {
    ledger = new ContractHarness([DepartmentContract, CreditContract, LicenceContract]);
    issuer = await registerTestDepartment(ledger, { id: 'ah-cz-mg-scjgj', province: 'anhui', roles: ['licence-issuer'], tier: 'county', city: '滁州市', county: '明光市' });
    credit = await registerTestDepartment(ledger, { id: 'zj-fgw', province: 'zhejiang', roles: ['credit-issuer'] });
  });

  it('issues a licence that a verifier in another province checks as valid, with issuer and signature', async () => {
    await ledger.submit(issuer.caller, 'licence:issue', [issuer.sign(issue('lic-1', 'JY13411820000123'))]);
    const answer = JSON.parse(await ledger.evaluate({ province: 'zhejiang', role: 'client' }, 'licence:verify', ['JY13411820000123', DIGEST])) as {
      result: string;
      issuer: { id: string; province: string };
      signature: { verified: boolean; keyId: string; keyStatus: string };
    };
    expect(answer.result).toBe('valid');
    expect(answer.issuer).toMatchObject({ id: 'ah-cz-mg-scjgj', province: 'anhui' });
    expect(answer.signature).toMatchObject({ verified: true, keyId: 'ah-cz-mg-scjgj#1', keyStatus: 'valid' });
    const wrong = JSON.parse(await ledger.evaluate(issuer.caller, 'licence:verify', ['JY13411820000123', 'b2'.repeat(32)])) as { result: string };
    expect(wrong.result).toBe('digest-mismatch');
    const unknown = JSON.parse(await ledger.evaluate(issuer.caller, 'licence:verify', ['JY00000000000000', DIGEST])) as { result: string; licence?: unknown };
    expect(unknown).toEqual({ checkedAt: expect.any(String), fileDigest: DIGEST, number: 'JY00000000000000', result: 'unknown' });
  });

  it('suspends, reinstates, renews and revokes; verify follows; nothing is deleted', async () => {
    const number = 'JY13411820000124';
    await ledger.submit(issuer.caller, 'licence:issue', [issuer.sign(issue('lic-2', number))]);
    await ledger.submit(issuer.caller, 'licence:suspend', [issuer.sign({ type: 'licence.suspend', id: 'sus-1', number, reason: '抽检不合格，停业整改' })]);
    const verify = async (digest = DIGEST): Promise<string> => (JSON.parse(await ledger.evaluate(issuer.caller, 'licence:verify', [number, digest])) as { result: string }).result;
    expect(await verify()).toBe('suspended');
    await ledger.submit(issuer.caller, 'licence:reinstate', [issuer.sign({ type: 'licence.reinstate', id: 'rei-1', number, reason: '复查合格' })]);
    await ledger.submit(issuer.caller, 'licence:renew', [issuer.sign({ type: 'licence.renew', id: 'ren-1', number, validTo: '2035-01-01T00:00:00Z', fileDigest: 'c3'.repeat(32) })]);
    expect(await verify()).toBe('digest-mismatch');
    expect(await verify('c3'.repeat(32))).toBe('valid');
    await ledger.submit(issuer.caller, 'licence:revoke', [issuer.sign({ type: 'licence.revoke', id: 'rev-1', number, reason: '以欺骗手段取得许可', legalBasis: '《行政许可法》第六十九条' })]);
    expect(await verify('c3'.repeat(32))).toBe('revoked');
    expect((await ledger.invoke(issuer.caller, 'licence:reinstate', [issuer.sign({ type: 'licence.reinstate', id: 'rei-2', number, reason: 'x' })])).code).toBe('CONFLICT');
    const licence = JSON.parse(await ledger.evaluate(issuer.caller, 'licence:get', [number])) as { events: Array<{ type: string }> };
    expect(licence.events.map((e) => e.type)).toEqual(['licence.issue', 'licence.suspend', 'licence.reinstate', 'licence.renew', 'licence.revoke']);
    expect(JSON.parse(await ledger.evaluate(issuer.caller, 'department:getRecord', ['lic-2'])).record.fileDigest).toBe(DIGEST);
  });

  it('refuses a black-listed holder where a measure bars the licence type, in every province', async () => {
    await ledger.submit(credit.caller, 'credit:addEntry', [
      credit.sign({
        type: 'credit.entry',
        id: 'sh-black-1',
        list: 'black',
        subject: HOLDER,
        category: 'food-drug-safety',
        legalBasis: '《食品安全法》第一百三十五条',
        measures: ['no-licence:food-business'],
        validFrom: '2025-01-01T00:00:00Z',
      }),
    ]);
    const refused = refusalOf(await ledger.invoke(issuer.caller, 'licence:issue', [issuer.sign(issue('lic-3', 'JY13411820000125'))]));
    expect(refused.code).toBe('SUBJECT_BLACKLISTED');
    expect(refused.committed).toBe(true);
    expect(refused.message).toContain('sh-black-1');
    await ledger.submit(issuer.caller, 'licence:issue', [issuer.sign(issue('lic-4', 'JY13411820000126', { licenceType: 'road-transport', title: '道路运输经营许可证' }))]);
    const held = JSON.parse(await ledger.evaluate(issuer.caller, 'licence:byHolder', [HOLDER.creditCode])) as Array<{ number: string }>;
    expect(held.map((l) => l.number)).toEqual(['JY13411820000126']);
  });

  it('refuses changes by a department that did not issue the licence', async () => {
    await ledger.submit(issuer.caller, 'licence:issue', [issuer.sign(issue('lic-5', 'JY13411820000127'))]);
    const other = await registerTestDepartment(ledger, { id: 'ah-ha-scjgj', province: 'anhui', roles: ['licence-issuer'] });
    expect((await ledger.invoke(other.caller, 'licence:revoke', [other.sign({ type: 'licence.revoke', id: 'rv', number: 'JY13411820000127', reason: 'x' })])).code).toBe('NOT_AUTHORISED');
  });
});
