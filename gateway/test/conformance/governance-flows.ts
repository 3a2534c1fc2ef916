/**
 * The governance rules (issue 14) on the ledger conformance suite, so each abuse is refused the same way on the
 * embedded ledger and on real Fabric: trace custody, inspection roles and producer identity; jurisdiction tiers;
 * the credit repair's minimum publicity period; one expert draw per tender. Each refusal carries the stable code
 * that names the rule.
 */
import { sm3Hex } from '@dtl/chaincode/crypto';
import type { LedgerError } from '../../src/ledger/errors';
import type { Province } from '../../src/ledger/ledger';
import { creditCodeCheckCharacter, type DepartmentProfile, type Role } from '@dtl/chaincode';
import { creditCode } from './product-flows';

/** A valid GB 32100 credit code registered in `division` (6 digits), unique to the run. */
function creditCodeIn(division: string, runHex: string, tag: string): string {
  const first17 = `91${division}${tag}${runHex.toUpperCase()}`;
  const check = creditCodeCheckCharacter(first17);
  if (first17.length !== 17 || check === undefined) throw new Error(`bad credit code base ${first17}`);
  return `${first17}${check}`;
}

type Json = Record<string, unknown>;

interface Actor {
  readonly id: string;
  readonly province: Province;
}

interface Receipt {
  readonly txId: string;
  readonly refs: Record<string, unknown>;
}

/** What product-flows.ts lends the governance flows (its ledger-bound helpers). */
export interface FlowHelpers {
  register(name: string, province: Province, roles: readonly Role[], extra?: Partial<DepartmentProfile>): Promise<Actor>;
  submit(actor: Actor, contract: string, transaction: string, record: Json): Promise<Receipt>;
  refused(actor: Actor, contract: string, transaction: string, record: Json): Promise<LedgerError>;
  query<T>(contract: string, transaction: string, args: string[], province?: Province): Promise<T>;
  rid(name: string): string;
  readonly runHex: string;
}

export function runGovernanceFlows(h: FlowHelpers): void {
  const { register, submit, refused, query, rid, runHex } = h;

  describe('governance rules (issue 14)', () => {
    describe('credit lifecycle', () => {
      let issuer: Actor; // Anhui provincial credit issuer
      let receiver: Actor; // the department that receives the subject's applications
      const subject = { kind: 'organisation', creditCode: creditCodeIn('341182', runHex, 'L'), name: '明光市一致性测试食品有限公司' };
      const entryId = rid('gov-entry');

      beforeAll(async () => {
        issuer = await register('gov-ah-samr', 'anhui', ['credit-issuer']);
        receiver = await register('gov-ah-fgw', 'anhui', ['credit-issuer', 'regulator']);
        // Published now: the tx timestamp is the only clock, on both ledgers.
        await submit(issuer, 'credit', 'addEntry', { type: 'credit.entry', id: entryId, list: 'black', subject, category: 'food-drug-safety', legalBasis: '《中华人民共和国食品安全法》第一百三十五条', measures: ['no-bidding'], validFrom: new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
      });

      it('a repair applied and approved within seconds is refused (PUBLICITY_PERIOD_NOT_ELAPSED); the punishment stands', async () => {
        await submit(receiver, 'credit', 'applyRepair', { type: 'credit.repair.apply', id: rid('gov-repair'), entryId, grounds: '已整改', evidenceDigest: sm3Hex(`repair ${runHex}`) });
        const early = await refused(issuer, 'credit', 'decideRepair', { type: 'credit.repair.decide', id: rid('gov-repair-ok'), repairId: rid('gov-repair'), decision: 'approved', reason: '准予修复' });
        expect(early.code).toBe('PUBLICITY_PERIOD_NOT_ELAPSED');
        expect((await query<{ allowed: boolean }>('credit', 'check', [subject.creditCode, 'bid'])).allowed).toBe(false);
      });

      it('objection, review by the issuer, withdrawal as a new record: the entry stops applying', async () => {
        await submit(receiver, 'credit', 'fileObjection', { type: 'credit.objection', id: rid('gov-objection'), entryId, grounds: '主体认定错误', evidenceDigest: sm3Hex(`objection ${runHex}`) });
        expect((await refused(receiver, 'credit', 'reviewObjection', { type: 'credit.objection.review', id: rid('gov-review-x'), objectionId: rid('gov-objection'), outcome: 'upheld', reason: 'x' })).code).toBe('NOT_AUTHORISED');
        await submit(issuer, 'credit', 'reviewObjection', { type: 'credit.objection.review', id: rid('gov-review'), objectionId: rid('gov-objection'), outcome: 'upheld', reason: '经核查异议成立' });
        const withdrawn = await submit(issuer, 'credit', 'correctEntry', { type: 'credit.correction', id: rid('gov-withdraw'), entryId, action: 'withdraw', reason: '主体认定错误，撤销', objectionId: rid('gov-objection') });
        expect(withdrawn.refs).toMatchObject({ status: 'withdrawn' });
        expect((await query<{ allowed: boolean }>('credit', 'check', [subject.creditCode, 'bid'])).allowed).toBe(true);
        const objections = await query<Array<{ status: string }>>('credit', 'objections', [entryId]);
        expect(objections.map((o) => o.status)).toEqual(['upheld']);
      });
    });

    describe('trace custody, inspection roles and producer identity', () => {
      let coopA: Actor; // 霍山 dendrobium cooperative (the producer)
      let coopB: Actor; // a competing cooperative
      let regulator: Actor; // county regulator (inspects)
      const codeA = creditCode(runHex, 'H');
      const codeB = creditCode(runHex, 'J');
      const batchId = `HS-SH-${runHex}`;
      const spec = (id: string, quantity: number, code = codeA): Json => ({
        batchId: id,
        product: { name: '霍山石斛', standard: 'GB/T 18739' },
        origin: { province: '安徽省', city: '六安市', county: '霍山县' },
        producer: { kind: 'cooperative', name: code === codeA ? '霍山县一致性测试石斛合作社' : '另一合作社', creditCode: code },
        quantity,
        unit: 'kg',
        harvestSeason: '2025-autumn',
      });
      const event = (name: string, kind: string, details: Json, id = batchId): Json => ({ type: 'trace.event', id: rid(name), batchId: id, kind, occurredAt: '2025-10-19T03:00:00Z', details });
      const inspection = (result: 'pass' | 'fail'): Json => ({ laboratory: '霍山县农产品质量安全检测站', reportNumber: `HSNJ-${runHex}-${result}`, reportDigest: sm3Hex(`${result} ${runHex}`), result, items: ['重金属（镉）'] });

      beforeAll(async () => {
        coopA = await register('gov-coop-a', 'anhui', ['trace-actor'], { creditCode: codeA });
        coopB = await register('gov-coop-b', 'anhui', ['trace-actor'], { creditCode: codeB });
        regulator = await register('gov-hs-amr', 'anhui', ['regulator']);
        await submit(coopA, 'trace', 'registerBatch', { type: 'trace.batch.register', id: rid('gov-reg'), ...spec(batchId, 45) });
        await submit(regulator, 'trace', 'recordEvent', event('gov-insp-fail', 'inspection', inspection('fail')));
      });

      it("a cooperative registering a batch under another cooperative's credit code is refused (TRACE_PRODUCER_NOT_OWN)", async () => {
        const error = await refused(coopB, 'trace', 'registerBatch', { type: 'trace.batch.register', id: rid('gov-reg-forged'), ...spec(`${batchId}-X`, 10, codeA) });
        expect(error.code).toBe('TRACE_PRODUCER_NOT_OWN');
      });

      it("the producer cannot clear a regulator's failed inspection with its own 'pass' (TRACE_INSPECTOR_REQUIRED)", async () => {
        expect((await refused(coopA, 'trace', 'recordEvent', event('gov-self-pass', 'inspection', inspection('pass')))).code).toBe('TRACE_INSPECTOR_REQUIRED');
        expect((await query<{ verdict: string }>('trace', 'trace', [batchId])).verdict).toBe('failed-inspection');
      });

      it("a competitor cannot mark the batch failed, sell it or split it (TRACE_INSPECTOR_REQUIRED, TRACE_NOT_CUSTODIAN)", async () => {
        expect((await refused(coopB, 'trace', 'recordEvent', event('gov-foe-fail', 'inspection', inspection('fail')))).code).toBe('TRACE_INSPECTOR_REQUIRED');
        expect((await refused(coopB, 'trace', 'recordEvent', event('gov-foe-ship', 'shipment', { from: 'a', to: 'b' }))).code).toBe('TRACE_NOT_CUSTODIAN');
        const split = { type: 'trace.derivation', id: rid('gov-foe-split'), kind: 'split', inputs: [{ batchId, quantity: 40 }], outputs: [spec(`${batchId}-B1`, 20, codeB), spec(`${batchId}-B2`, 20, codeB)] };
        expect((await refused(coopB, 'trace', 'derive', split)).code).toBe('TRACE_NOT_CUSTODIAN');
        expect((await query<{ state: { consumed: number } }>('trace', 'getBatch', [batchId])).state.consumed).toBe(0);
      });

      it('after a signed transfer and a passing re-inspection by the regulator, the recipient sells', async () => {
        await submit(regulator, 'trace', 'recordEvent', event('gov-insp-pass', 'inspection', inspection('pass')));
        await submit(coopA, 'trace', 'recordEvent', event('gov-transfer', 'transfer', { to: coopB.id, as: 'seller' }));
        const sold = await submit(coopB, 'trace', 'recordEvent', event('gov-sale', 'sale', { seller: '霍山县一致性测试专卖店' }));
        expect(sold.refs).toMatchObject({ batchId, kind: 'sale' });
      });

      it('a Pudong regulator cannot recall an Anhui batch; a Shanghai county credit issuer cannot list an Anhui company (OUT_OF_JURISDICTION)', async () => {
        const pudong = await register('gov-sh-pd', 'shanghai', ['regulator', 'credit-issuer'], { tier: 'county', city: '上海市', county: '浦东新区', divisionCode: '310115' });
        const recall = await refused(pudong, 'trace', 'recall', { type: 'trace.recall', id: rid('gov-pd-recall'), batchId, reason: '浦东抽检不合格', legalBasis: '《中华人民共和国食品安全法》第六十三条' });
        expect(recall.code).toBe('OUT_OF_JURISDICTION');
        const anhuiCompany = creditCodeIn('341525', runHex, 'K');
        const entry = { type: 'credit.entry', id: rid('gov-pd-entry'), list: 'black', subject: { kind: 'organisation', creditCode: anhuiCompany, name: '霍山县某公司' }, category: 'product-quality', legalBasis: '《中华人民共和国产品质量法》', measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' };
        expect((await refused(pudong, 'credit', 'addEntry', entry)).code).toBe('OUT_OF_JURISDICTION');
        // Through the subject's own province it is listed.
        const anhui = await register('gov-ah-list', 'anhui', ['credit-issuer']);
        expect((await submit(anhui, 'credit', 'addEntry', { ...entry, id: rid('gov-ah-entry') })).refs).toMatchObject({ list: 'black' });
        expect((await query<{ verdict: string }>('trace', 'trace', [batchId])).verdict).not.toBe('recalled');
      });
    });
  });
}
