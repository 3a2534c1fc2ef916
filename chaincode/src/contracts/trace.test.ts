import { registerTestDepartment, type TestDepartment } from '../testing/departments';
import { refusalOf } from '../testing/refusal';
import { ContractHarness } from '../testing/harness';
import { CreditContract } from './credit';
import { DepartmentContract } from './department';
import { TraceContract, type TraceView } from './trace';

const COOP = '93341524MA2N7K4XX7';

function batch(id: string, batchId: string, quantity = 500, creditCode = COOP): Record<string, unknown> {
  return {
    type: 'trace.batch.register',
    id,
    batchId,
    product: { name: '六安瓜片', standard: 'GB/T 21824' },
    origin: { province: '安徽省', city: '六安市', county: '金寨县', place: '齐山村' },
    producer: { kind: 'cooperative', name: '金寨县齐山茶叶专业合作社', creditCode },
    quantity,
    unit: 'kg',
    harvestSeason: '2025-spring',
  };
}

function event(id: string, batchId: string, kind: string, details: Record<string, unknown>): Record<string, unknown> {
  return { type: 'trace.event', id, batchId, kind, occurredAt: '2025-03-01T00:00:00Z', details };
}

const INSPECTION = { laboratory: '六安市农产品质量安全检测中心', reportNumber: 'LA-2025-0311', reportDigest: 'ab'.repeat(32), result: 'pass' };

function output(batchId: string, quantity: number): Record<string, unknown> {
  const { type: _t, id: _i, ...spec } = batch('x', batchId, quantity);
  return spec;
}

describe('trace contract through ChaincodeFromContract', () => {
  let ledger: ContractHarness;
  let coop: TestDepartment;
  let shop: TestDepartment;
  let amr: TestDepartment;

  beforeEach(async () => {
    ledger = new ContractHarness([DepartmentContract, CreditContract, TraceContract], '2025-03-20T08:00:00.000Z');
    coop = await registerTestDepartment(ledger, { id: 'la-jz-qishan-coop', province: 'anhui', roles: ['trace-actor'], creditCode: COOP });
    shop = await registerTestDepartment(ledger, { id: 'sh-hp-tea-shop', province: 'shanghai', roles: ['trace-actor'] });
    amr = await registerTestDepartment(ledger, { id: 'la-amr', province: 'anhui', roles: ['regulator', 'credit-issuer'] });
  });

  it('registers a batch, records its events, prints a QR code and shows a genuine chain', async () => {
    const receipt = JSON.parse(await ledger.submit(coop.caller, 'trace:registerBatch', [coop.sign(batch('reg-1', 'LA-GP-2025-001'))])) as { txId: string; refs: { qr: string } };
    expect(ledger.events.at(-1)?.name).toBe('trace.batch.register');
    await ledger.submit(coop.caller, 'trace:recordEvent', [coop.sign(event('ev-1', 'LA-GP-2025-001', 'harvest', { method: '一芽二叶手采' }))]);
    await ledger.submit(amr.caller, 'trace:recordEvent', [amr.sign(event('ev-2', 'LA-GP-2025-001', 'inspection', INSPECTION))]);
    await ledger.submit(coop.caller, 'trace:recordEvent', [coop.sign(event('ev-2b', 'LA-GP-2025-001', 'transfer', { to: 'sh-hp-tea-shop', as: 'seller' }))]);
    await ledger.submit(shop.caller, 'trace:recordEvent', [shop.sign(event('ev-3', 'LA-GP-2025-001', 'sale', { seller: '上海黄浦茶叶店' }))]);

    const qr = JSON.parse(await ledger.evaluate(shop.caller, 'trace:qr', ['LA-GP-2025-001'])) as { payload: string; registeringTxId: string };
    expect(qr.payload).toBe(receipt.refs.qr);
    expect(qr.registeringTxId).toBe(receipt.txId);

    const view = JSON.parse(await ledger.evaluate(shop.caller, 'trace:trace', [qr.payload])) as TraceView;
    expect(view).toMatchObject({ verdict: 'genuine', checkCodeMatches: true });
    expect(view.chain.map((c) => [c.recordId, c.department, c.signatureStatus])).toEqual([
      ['reg-1', 'la-jz-qishan-coop', 'valid'],
      ['ev-1', 'la-jz-qishan-coop', 'valid'],
      ['ev-2', 'la-amr', 'valid'],
      ['ev-2b', 'la-jz-qishan-coop', 'valid'],
      ['ev-3', 'sh-hp-tea-shop', 'valid'],
    ]);
    const forged = qr.payload.slice(0, -8) + '00000000';
    expect((JSON.parse(await ledger.evaluate(shop.caller, 'trace:trace', [forged])) as TraceView).verdict).toBe('unknown');
    expect((JSON.parse(await ledger.evaluate(shop.caller, 'trace:trace', ['NO-SUCH-BATCH'])) as TraceView).verdict).toBe('unknown');
  });

  it('refuses a sale after a failed inspection until a passing re-inspection; a regulator signs inspections only', async () => {
    await ledger.submit(coop.caller, 'trace:registerBatch', [coop.sign(batch('reg-1', 'LA-GP-2025-001'))]);
    await ledger.submit(amr.caller, 'trace:recordEvent', [amr.sign(event('ev-1', 'LA-GP-2025-001', 'inspection', { ...INSPECTION, result: 'fail' }))]);
    await ledger.submit(coop.caller, 'trace:recordEvent', [coop.sign(event('ev-1b', 'LA-GP-2025-001', 'transfer', { to: 'sh-hp-tea-shop', as: 'seller' }))]);
    const sale = await ledger.invoke(shop.caller, 'trace:recordEvent', [shop.sign(event('ev-2', 'LA-GP-2025-001', 'sale', { seller: 's' }))]);
    expect(sale.code).toBe('CONFLICT');
    expect(sale.message).toMatch(/after a failed inspection/);
    expect((JSON.parse(await ledger.evaluate(shop.caller, 'trace:trace', ['LA-GP-2025-001'])) as TraceView).verdict).toBe('failed-inspection');
    expect((await ledger.invoke(amr.caller, 'trace:recordEvent', [amr.sign(event('ev-3', 'LA-GP-2025-001', 'shipment', { from: 'a', to: 'b' }))])).code).toBe('NOT_AUTHORISED');
    await ledger.submit(amr.caller, 'trace:recordEvent', [amr.sign(event('ev-4', 'LA-GP-2025-001', 'inspection', INSPECTION))]);
    await ledger.submit(shop.caller, 'trace:recordEvent', [shop.sign(event('ev-5', 'LA-GP-2025-001', 'sale', { seller: 's' }))]);
  });

  it('splits with quantity conservation and recalls the batch with everything derived from it, transitively', async () => {
    await ledger.submit(coop.caller, 'trace:registerBatch', [coop.sign(batch('reg-1', 'LA-GP-2025-001', 500))]);
    await ledger.submit(coop.caller, 'trace:registerBatch', [coop.sign(batch('reg-2', 'LA-GP-2025-002', 200))]);
    const split = { type: 'trace.derivation', id: 'drv-1', kind: 'split', inputs: [{ batchId: 'LA-GP-2025-001', quantity: 300 }], outputs: [output('LA-GP-2025-001-A', 200), output('LA-GP-2025-001-B', 100)] };
    const uneven = await ledger.invoke(coop.caller, 'trace:derive', [coop.sign({ ...split, id: 'drv-0', outputs: [output('LA-GP-2025-001-A', 200), output('LA-GP-2025-001-B', 101)] })]);
    expect(uneven.code).toBe('INVALID_ARGUMENT');
    expect(uneven.message).toMatch(/quantity not conserved/);
    await ledger.submit(coop.caller, 'trace:derive', [coop.sign(split)]);
    const parent = JSON.parse(await ledger.evaluate(coop.caller, 'trace:getBatch', ['LA-GP-2025-001'])) as { state: { consumed: number } };
    expect(parent.state.consumed).toBe(300);
    const merge = { type: 'trace.derivation', id: 'drv-2', kind: 'merge', inputs: [{ batchId: 'LA-GP-2025-001-B', quantity: 100 }, { batchId: 'LA-GP-2025-002', quantity: 200 }], outputs: [output('LA-GP-MIX-01', 300)] };
    await ledger.submit(coop.caller, 'trace:derive', [coop.sign(merge)]);

    expect((await ledger.invoke(coop.caller, 'trace:recall', [coop.sign({ type: 'trace.recall', id: 'rc-0', batchId: 'LA-GP-2025-001', reason: 'r', legalBasis: 'b' })])).code).toBe('NOT_AUTHORISED');
    const recall = { type: 'trace.recall', id: 'rc-1', batchId: 'LA-GP-2025-001', reason: '农药残留（联苯菊酯）超标', legalBasis: '《中华人民共和国食品安全法》第六十三条' };
    const receipt = JSON.parse(await ledger.submit(amr.caller, 'trace:recall', [amr.sign(recall)])) as { refs: { batches: string; covered: number } };
    expect(receipt.refs.batches.split(',')).toEqual(['LA-GP-2025-001', 'LA-GP-2025-001-A', 'LA-GP-2025-001-B', 'LA-GP-MIX-01']);

    const mixed = JSON.parse(await ledger.evaluate(shop.caller, 'trace:trace', ['LA-GP-MIX-01'])) as TraceView;
    expect(mixed.verdict).toBe('recalled');
    expect(mixed.ancestors.map((a) => a.batchId)).toEqual(['LA-GP-2025-001-B', 'LA-GP-2025-002', 'LA-GP-2025-001']);
    expect(mixed.chain.map((c) => c.recordId)).toEqual(expect.arrayContaining(['reg-1', 'reg-2', 'drv-1', 'drv-2', 'rc-1']));
    const sibling = JSON.parse(await ledger.evaluate(shop.caller, 'trace:trace', ['LA-GP-2025-002'])) as TraceView;
    expect(sibling).toMatchObject({ verdict: 'genuine', descendants: ['LA-GP-MIX-01'] });

    const after = await ledger.invoke(coop.caller, 'trace:recordEvent', [coop.sign(event('ev-9', 'LA-GP-2025-001-A', 'shipment', { from: 'a', to: 'b' }))]);
    expect(after.message).toMatch(/^CONFLICT: batch LA-GP-2025-001-A was recalled \(rc-1\)/);
    expect((await ledger.invoke(amr.caller, 'trace:recall', [amr.sign({ ...recall, id: 'rc-2' })])).code).toBe('CONFLICT');
  });

  it('refuses a producer black-listed from food production in any province', async () => {
    const entry = {
      type: 'credit.entry',
      id: 'la-black-1',
      list: 'black',
      subject: { kind: 'organisation', creditCode: COOP, name: '金寨县齐山茶叶专业合作社' },
      category: 'food-drug-safety',
      legalBasis: '《中华人民共和国食品安全法》第一百三十五条',
      measures: ['no-licence:food-production'],
      validFrom: '2025-01-01T00:00:00Z',
      validTo: '2030-01-01T00:00:00Z',
    };
    await ledger.submit(amr.caller, 'credit:addEntry', [amr.sign(entry)]);
    const refused = refusalOf(await ledger.invoke(coop.caller, 'trace:registerBatch', [coop.sign(batch('reg-1', 'LA-GP-2025-001'))]));
    expect(refused.code).toBe('SUBJECT_BLACKLISTED');
    expect((await ledger.invoke(coop.caller, 'trace:getBatch', ['LA-GP-2025-001'])).code).toBe('NOT_FOUND');
    const feedback = JSON.parse(await ledger.evaluate(amr.caller, 'credit:feedbackOfSubject', [COOP])) as Array<{ action: string; issuers: string[] }>;
    expect(feedback).toEqual([expect.objectContaining({ action: 'licence:food-production', issuers: ['la-amr'] })]);
  });

  it('refuses replays, duplicate batches and unsigned changes', async () => {
    const signed = coop.sign(batch('reg-1', 'LA-GP-2025-001'));
    await ledger.submit(coop.caller, 'trace:registerBatch', [signed]);
    expect((await ledger.invoke(coop.caller, 'trace:registerBatch', [signed])).code).toBe('REPLAYED');
    expect((await ledger.invoke(coop.caller, 'trace:registerBatch', [coop.sign(batch('reg-2', 'LA-GP-2025-001'))])).code).toBe('CONFLICT');
    const tampered = JSON.stringify({ ...(JSON.parse(coop.sign(batch('reg-3', 'LA-GP-2025-003'))) as object), quantity: 5000 });
    expect((await ledger.invoke(coop.caller, 'trace:registerBatch', [tampered])).code).toBe('SIGNATURE_INVALID');
  });
});
