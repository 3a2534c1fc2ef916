import { personDigest } from '../domain/credit/codes';
import { registerTestDepartment, type TestDepartment } from '../testing/departments';
import { ContractHarness } from '../testing/harness';
import { CreditContract } from './credit';
import { DepartmentContract } from './department';

const CODE = '91330100799655058B';

function blackEntry(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'credit.entry',
    id,
    list: 'black',
    subject: { kind: 'organisation', creditCode: CODE, name: '杭州示例建设有限公司' },
    category: 'public-resource-trading-fraud',
    legalBasis: '《中华人民共和国招标投标法》第五十三条',
    measures: ['no-bidding', 'no-licence:construction-qualification'],
    validFrom: '2025-01-01T00:00:00Z',
    validTo: '2028-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('credit contract through ChaincodeFromContract', () => {
  let ledger: ContractHarness;
  let zj: TestDepartment;
  let ah: TestDepartment;
  let auditor: TestDepartment;

  beforeEach(async () => {
    ledger = new ContractHarness([DepartmentContract, CreditContract]);
    zj = await registerTestDepartment(ledger, { id: 'zj-hz-ggzy', province: 'zhejiang', roles: ['credit-issuer', 'trading-centre'] });
    ah = await registerTestDepartment(ledger, { id: 'ah-fgw', province: 'anhui', roles: ['credit-issuer', 'regulator'] });
    auditor = await registerTestDepartment(ledger, { id: 'sh-audit', province: 'shanghai', roles: ['auditor'] });
  });

  it('adds a black-list entry; the view from another province shows it and joint punishment refuses bidding', async () => {
    const receipt = JSON.parse(await ledger.submit(zj.caller, 'credit:addEntry', [zj.sign(blackEntry('zj-black-1'))])) as { refs: { subjectKey: string } };
    expect(receipt.refs.subjectKey).toBe(`org:${CODE}`);
    expect(ledger.events.at(-1)?.name).toBe('credit.entry');
    const view = JSON.parse(await ledger.evaluate(ah.caller, 'credit:view', [CODE])) as { blacklisted: boolean; provinces: string[]; measures: string[] };
    expect(view).toMatchObject({ blacklisted: true, provinces: ['zhejiang'], measures: ['no-bidding', 'no-licence:construction-qualification'] });
    const check = JSON.parse(await ledger.evaluate(ah.caller, 'credit:check', [`org:${CODE}`, 'bid'])) as { allowed: boolean };
    expect(check.allowed).toBe(false);
    const licence = JSON.parse(await ledger.evaluate(ah.caller, 'credit:check', [CODE, 'licence:food-business'])) as { allowed: boolean };
    expect(licence.allowed).toBe(true);
  });

  it('refuses an entry from a department without the credit-issuer role, through the wrong organisation, or with a bad code', async () => {
    expect((await ledger.invoke(auditor.caller, 'credit:addEntry', [auditor.sign(blackEntry('x1'))])).code).toBe('NOT_AUTHORISED');
    const viaShanghai = await ledger.invoke({ province: 'shanghai', role: 'client' }, 'credit:addEntry', [zj.sign(blackEntry('x2'))]);
    expect(viaShanghai.code).toBe('NOT_AUTHORISED');
    expect(viaShanghai.message).toContain('ZhejiangMSP');
    const bad = await ledger.invoke(zj.caller, 'credit:addEntry', [zj.sign(blackEntry('x3', { subject: { kind: 'organisation', creditCode: '91330100799655058C', name: 'x' } }))]);
    expect(bad.message).toBe('INVALID_ARGUMENT: subject.creditCode: check character mismatch');
  });

  it('credit repair: applied in Anhui, approved by the Zhejiang issuer, lifts the punishment', async () => {
    await ledger.submit(zj.caller, 'credit:addEntry', [zj.sign(blackEntry('zj-black-1'))]);
    const apply = { type: 'credit.repair.apply', id: 'ah-repair-1', entryId: 'zj-black-1', grounds: '已完成整改并公开信用承诺', evidenceDigest: 'cd'.repeat(32) };
    await ledger.submit(ah.caller, 'credit:applyRepair', [ah.sign(apply)]);
    expect((await ledger.invoke(ah.caller, 'credit:applyRepair', [ah.sign({ ...apply, id: 'ah-repair-2' })])).code).toBe('CONFLICT');
    const decide = { type: 'credit.repair.decide', id: 'zj-decide-1', repairId: 'ah-repair-1', decision: 'approved', reason: '整改到位，准予修复' };
    expect((await ledger.invoke(ah.caller, 'credit:decideRepair', [ah.sign({ ...decide, id: 'ah-decide' })])).code).toBe('NOT_AUTHORISED');
    // Serious (public-resource-trading fraud): no approval within 6 months of publication; a rejection is allowed.
    expect((await ledger.invoke(zj.caller, 'credit:decideRepair', [zj.sign({ ...decide, id: 'zj-decide-early' })])).code).toBe('PUBLICITY_PERIOD_NOT_ELAPSED');
    ledger.setTime('2025-07-01T00:00:00.000Z');
    await ledger.submit(zj.caller, 'credit:decideRepair', [zj.sign(decide)]);
    const entry = JSON.parse(await ledger.evaluate(ah.caller, 'credit:getEntry', ['zj-black-1'])) as { entry: { effectiveStatus: string }; repairs: Array<{ status: string }> };
    expect(entry.entry.effectiveStatus).toBe('repaired');
    expect(entry.repairs.map((r) => r.status)).toEqual(['approved']);
    const check = JSON.parse(await ledger.evaluate(ah.caller, 'credit:check', [CODE, 'bid'])) as { allowed: boolean };
    expect(check.allowed).toBe(true);
  });

  it('a person entry keeps the clear ID in the issuer province collection only', async () => {
    const idNumber = '11010519491231002X';
    const idDigest = personDigest(idNumber, 'yrd-dev-salt');
    const record = blackEntry('ah-person-1', { subject: { kind: 'person', idDigest, maskedName: '王*' }, category: 'wage-arrears', measures: ['restricted-high-consumption'] });
    expect((await ledger.invoke(ah.caller, 'credit:addEntry', [ah.sign(record)])).code).toBe('PRIVATE_DATA_REQUIRED');
    await ledger.submit(ah.caller, 'credit:addEntry', [ah.sign(record)], { transient: { personal: JSON.stringify({ idNumber, salt: 'yrd-dev-salt' }) } });
    const stored = await ledger.evaluate(ah.caller, 'department:getRecord', ['ah-person-1']);
    expect(stored).not.toContain(idNumber);
    const personal = JSON.parse(await ledger.evaluate(ah.caller, 'credit:getPersonal', [idDigest])) as { idNumber: string };
    expect(personal.idNumber).toBe(idNumber);
    expect((await ledger.invoke(zj.caller, 'credit:getPersonal', [idDigest], { evaluate: true })).code).toBe('NOT_FOUND');
    const view = JSON.parse(await ledger.evaluate(zj.caller, 'credit:view', [`person:${idDigest}`])) as { blacklisted: boolean };
    expect(view.blacklisted).toBe(true);
  });

  it('an expired entry no longer punishes', async () => {
    await ledger.submit(zj.caller, 'credit:addEntry', [zj.sign(blackEntry('zj-black-old', { validTo: '2025-02-01T00:00:00Z' }))]);
    const check = JSON.parse(await ledger.evaluate(ah.caller, 'credit:check', [CODE, 'bid'])) as { allowed: boolean };
    expect(check.allowed).toBe(true);
  });
});
