import { canonicalJson, utf8Decode } from '../../crypto';
import { hashOnlyForm } from '../records/hash-only';
import { markersIn, reveal } from '../records/redaction';
import { registerTestDepartment, type TestDepartment } from '../testing/departments';
import { ContractHarness } from '../testing/harness';
import { CreditContract } from './credit';
import { DepartmentContract } from './department';
import { LicenceContract } from './licence';
import { ProtectedContract } from './protected';
import { SharingContract } from './sharing';

const CANARY = 'PROTECTED-CANARY-7f3a';
const HOLDER = { kind: 'organisation', creditCode: '91330100799655058B', name: `示例食品有限公司 ${CANARY}-name` };
const DIGEST = 'a1'.repeat(32);

function licence(id: string, number: string): Record<string, unknown> {
  return { type: 'licence.issue', id, number, licenceType: 'food-business', holder: HOLDER, title: `食品经营许可证 ${CANARY}-title`, scope: `预包装食品销售 ${CANARY}-scope`, validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z', fileDigest: DIGEST };
}

/** Everything the channel holds (state values, history), as text. */
function channelText(ledger: ContractHarness): string {
  return [...ledger.world.state.values()].map((bytes) => utf8Decode(bytes)).join('\n') + ledger.events.map((e) => e.payload).join('\n');
}

describe('placement by classification and guarded release (issue 12)', () => {
  let ledger: ContractHarness;
  let issuer: TestDepartment;
  let reader: TestDepartment;
  let shGateway: TestDepartment;
  let jsGateway: TestDepartment;

  /** Submits a record as the gateway does for protected content: its hash-only form as argument, the content transient. */
  const submitProtected = (department: TestDepartment, fn: string, record: Record<string, unknown>): Promise<string> => {
    const content = department.sign(record);
    return ledger.submit(department.caller, fn, [canonicalJson(hashOnlyForm(JSON.parse(content) as Record<string, unknown>))], { transient: { content } });
  };

  beforeEach(async () => {
    ledger = new ContractHarness([DepartmentContract, CreditContract, LicenceContract, SharingContract, ProtectedContract]);
    issuer = await registerTestDepartment(ledger, { id: 'ah-cz-mg-scjgj', province: 'anhui', roles: ['licence-issuer', 'data-sharing-officer'], tier: 'county', city: '滁州市', county: '明光市' });
    reader = await registerTestDepartment(ledger, { id: 'sh-samr', province: 'shanghai', roles: ['regulator', 'data-sharing-officer'] });
    shGateway = await registerTestDepartment(ledger, { id: 'sh-gateway', province: 'shanghai', roles: ['gateway'] });
    jsGateway = await registerTestDepartment(ledger, { id: 'js-gateway', province: 'jiangsu', roles: ['gateway'] });
    await ledger.submit(issuer.caller, 'sharing:publish', [
      issuer.sign({ type: 'sharing.catalogue', id: 'cat-1', resourceId: 'food-licences', family: 'licence', title: '食品经营许可信息', description: '许可证号、持证主体', mode: 'conditional', conditions: '执法协查' }),
    ]);
  });

  it('asks the catalogue: conditional licence content is protected in protected-anhui; other families stay on the channel', async () => {
    expect(JSON.parse(await ledger.evaluate(issuer.caller, 'protected:placement', [issuer.id, 'licence.issue']))).toEqual({ where: 'protected', collection: 'protected-anhui', mode: 'conditional', resourceId: 'food-licences' });
    expect(JSON.parse(await ledger.evaluate(issuer.caller, 'protected:placement', [issuer.id, 'credit.entry']))).toEqual({ where: 'channel', reason: 'not-catalogued' });
    expect(JSON.parse(await ledger.evaluate(issuer.caller, 'protected:placement', [issuer.id, 'sharing.request']))).toEqual({ where: 'channel', reason: 'shared-by-design' });
  });

  it('refuses protected content sent in the clear, a form that is not the content’s, and transient content for shared records', async () => {
    const inClear = await ledger.invoke(issuer.caller, 'licence:issue', [issuer.sign(licence('lic-1', 'JY13411820000123'))]);
    expect(inClear.code).toBe('PRIVATE_DATA_REQUIRED');
    const content = issuer.sign(licence('lic-1', 'JY13411820000123'));
    const form = hashOnlyForm(JSON.parse(content) as Record<string, unknown>);
    const forged = await ledger.invoke(issuer.caller, 'licence:issue', [canonicalJson({ ...form, validTo: '2099-01-01T00:00:00Z' })], { transient: { content } });
    expect(forged.code).toBe('PRIVATE_DATA_REQUIRED');
    const request = reader.sign({ type: 'sharing.request', id: 'req-x', owner: issuer.id, resourceId: 'food-licences', purpose: '协查', until: '2026-01-01T00:00:00Z' });
    const transientShared = await ledger.invoke(reader.caller, 'sharing:request', [request], { transient: { content: request } });
    expect(transientShared.code).toBe('INVALID_ARGUMENT');
    expect(channelText(ledger)).not.toContain(CANARY);
  });

  it('keeps only the hash-only form and markers on the channel; contracts still enforce; the owner reads the content', async () => {
    await submitProtected(issuer, 'licence:issue', licence('lic-1', 'JY13411820000123'));
    expect(channelText(ledger)).not.toContain(CANARY);
    const privateCopy = [...(ledger.world.privateData.get('protected-anhui')?.values() ?? [])].map((b) => utf8Decode(b)).join('');
    expect(privateCopy).toContain(`${CANARY}-title`);

    // another province verifies the licence from the channel: status, validity and the signature (verified at commit)
    const verify = JSON.parse(await ledger.evaluate(reader.caller, 'licence:verify', ['JY13411820000123', DIGEST])) as { result: string; signature: { verified: boolean } };
    expect(verify).toMatchObject({ result: 'valid', signature: { verified: true } });
    const state = JSON.parse(await ledger.evaluate(reader.caller, 'licence:get', ['JY13411820000123'])) as Record<string, unknown>;
    expect(JSON.stringify(state)).not.toContain(CANARY);
    expect(markersIn(state).map((m) => m.path).sort()).toEqual(['holder.name', 'scope', 'title']);

    // the owning province gets the content back, and with it the state's narrative
    const own = JSON.parse(await ledger.evaluate(issuer.caller, 'protected:content', ['lic-1'])) as { record: Record<string, unknown>; form: string };
    expect(own.form).toBe('content');
    expect(own.record.title).toBe(`食品经营许可证 ${CANARY}-title`);
    expect(reveal(state, () => own.record)).toMatchObject({ title: own.record.title, scope: own.record.scope, holder: HOLDER });
    const refused = await ledger.invoke(reader.caller, 'protected:content', ['lic-1'], { evaluate: true });
    expect(refused.code).toBe('NOT_AUTHORISED');
    // any caller may ask whether a peer holds it: yes/no and hashes, never the content
    const held = JSON.parse(await ledger.evaluate(reader.caller, 'protected:held', ['lic-1'])) as Record<string, unknown>;
    expect(held).toMatchObject({ recordId: 'lic-1', collection: 'protected-anhui', contentHeld: true, privateDataHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(held)).not.toContain(CANARY);
  });

  it('credit: a not-shared entry still blocks the subject in every province from the channel alone', async () => {
    const credit = await registerTestDepartment(ledger, { id: 'ah-fgw', province: 'anhui', roles: ['credit-issuer', 'data-sharing-officer'] });
    await ledger.submit(credit.caller, 'sharing:publish', [credit.sign({ type: 'sharing.catalogue', id: 'cat-2', resourceId: 'person-credit', family: 'credit', title: '失信信息', description: '不予共享', mode: 'not-shared' })]);
    await submitProtected(credit, 'credit:addEntry', {
      type: 'credit.entry', id: 'credit-1', list: 'black', subject: { kind: 'organisation', creditCode: '91341100MA2MC2P30G', name: `滁州测试公司 ${CANARY}` },
      category: 'major-tax-violation', legalBasis: `《重大税收违法失信主体信息公布管理办法》 ${CANARY}`, measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z',
    });
    expect(channelText(ledger)).not.toContain(CANARY);
    const check = JSON.parse(await ledger.evaluate(reader.caller, 'credit:check', ['91341100MA2MC2P30G', 'bid'])) as { allowed: boolean; blockedBy: Array<{ entryId: string }> };
    expect(check).toMatchObject({ allowed: false, blockedBy: [{ entryId: 'credit-1' }] });
  });

  it('another province takes the content only against its own allowed, fresh access record; the grant’s expiry ends it', async () => {
    await submitProtected(issuer, 'licence:issue', licence('lic-1', 'JY13411820000123'));
    const access = async (id: string): Promise<{ allowed: boolean; reason?: string }> =>
      (JSON.parse(await ledger.submit(shGateway.caller, 'sharing:recordAccess', [shGateway.sign({ type: 'sharing.access', id, reader: reader.id, owner: issuer.id, resourceId: 'food-licences', purpose: '跨省执法协查' })])) as { refs: { allowed: boolean; reason?: string } }).refs;
    const release = (gateway: TestDepartment, accessId: string): ReturnType<ContractHarness['invoke']> => ledger.invoke(gateway.caller, 'protected:release', [accessId, 'lic-1'], { evaluate: true });

    expect(await access('acc-1')).toMatchObject({ allowed: false, reason: 'no-grant' });
    expect((await release(shGateway, 'acc-1')).code).toBe('GRANT_REQUIRED');

    await ledger.submit(reader.caller, 'sharing:request', [reader.sign({ type: 'sharing.request', id: 'req-1', owner: issuer.id, resourceId: 'food-licences', purpose: '跨省执法协查', until: '2026-01-01T00:00:00Z' })]);
    await ledger.submit(issuer.caller, 'sharing:decide', [issuer.sign({ type: 'sharing.grant', id: 'grant-1', requestId: 'req-1', decision: 'approved', validFrom: '2025-03-01T00:00:00Z', validTo: '2025-03-02T00:00:00Z', reason: '同意' })]);
    expect(await access('acc-2')).toMatchObject({ allowed: true });
    const released = await release(shGateway, 'acc-2');
    expect(released.code).toBeUndefined();
    expect((JSON.parse(released.payload) as { record: { title: string }; basis: string; accessId: string })).toMatchObject({ record: { title: `食品经营许可证 ${CANARY}-title` }, basis: 'guarded-read', accessId: 'acc-2' });
    expect((await release(jsGateway, 'acc-2')).code).toBe('NOT_AUTHORISED'); // someone else's access record
    expect(channelText(ledger)).not.toContain(CANARY); // releasing wrote nothing

    ledger.advance(10 * 60 * 1000);
    expect((await release(shGateway, 'acc-2')).code).toBe('GRANT_REQUIRED'); // stale: read again

    ledger.setTime('2025-03-03T00:00:00Z'); // the grant has expired
    expect(await access('acc-3')).toMatchObject({ allowed: false, reason: 'no-grant' }); // no grant in force any more
    expect((await release(shGateway, 'acc-3')).code).toBe('GRANT_REQUIRED');
  });
});
