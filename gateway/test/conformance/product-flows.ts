/**
 * The product contracts' flows end to end, for the ledger conformance suite (ledger-conformance.ts): credit,
 * licence, traceability, data sharing and tender, through the Ledger port only, with SM2-signed records.
 *
 * Every id (departments, credit codes, licence numbers, batches, resources, tenders, record ids) carries the run's
 * suffix, and the departments are registered fresh with fresh SM2 keys, so the flows also run against a long-lived
 * Fabric network that already holds earlier runs' data. Aggregates shared with earlier runs (province-pair counts)
 * are asserted as differences.
 */
import { sm3Hex } from '@dtl/chaincode/crypto';
import { newDepartment } from '@dtl/fixtures';
import { creditCodeCheckCharacter, tender as tenderRules, type DepartmentProfile, type Role } from '@dtl/chaincode';
import { runGovernanceFlows } from './governance-flows';
import { LedgerError } from '../../src/ledger/errors';
import { PROVINCES, type CommittedTransaction, type Ledger, type Province } from '../../src/ledger/ledger';

type Json = Record<string, unknown>;

interface Receipt {
  readonly id: string;
  readonly type: string;
  readonly department: string;
  readonly txId: string;
  readonly refs: Record<string, unknown>;
}

interface Actor {
  readonly id: string;
  readonly province: Province;
  readonly keyId: string;
  /** The signed record's JSON text (the write transaction's one argument); `department` is filled in. */
  sign(record: Json): string;
}

/** The LedgerError a ledger call is rejected with; fails the test when it resolves or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<LedgerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected the ledger call to be rejected');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** A valid GB 32100 credit code unique to the run: division 330110 (余杭区), a tag and the run's hex. */
export function creditCode(runHex: string, tag: string): string {
  const first17 = `91330110${tag}${runHex.toUpperCase()}`;
  const check = creditCodeCheckCharacter(first17);
  if (first17.length !== 17 || check === undefined) throw new Error(`bad credit code base ${first17}`);
  return `${first17}${check}`;
}

/**
 * Registers the product flows inside the suite's "product contracts end to end" block. `ledger()` returns the
 * ledger the suite opened; `run` is the suite's run prefix (`cf-<8 hex>`).
 */
export function runProductFlows(ledger: () => Ledger, run: string): void {
  const runHex = run.replace(/^cf-/, '');

  async function register(name: string, province: Province, roles: readonly Role[], extra: Partial<DepartmentProfile> = {}): Promise<Actor> {
    const id = `${name}-${runHex}`;
    const department = newDepartment(id, { nameZh: `一致性测试部门 ${id}`, nameEn: `Conformance department ${id}`, province, city: 'conformance-city', tier: 'province', roles, ...extra });
    const committed = await ledger().submit({ identity: { province, role: 'admin' }, contract: 'department', transaction: 'register', args: [department.registration] });
    expect(committed.validationCode).toBe('VALID');
    await propagated(`reg-${id}`);
    return department;
  }

  /**
   * Fabric's submit resolves once the submitting province's peer has committed the block; the other provinces' peers
   * commit it a moment later, so a read (or an endorsement) through another province right away may not see it yet.
   * A client of a real network waits for that: every accepted record is readable by id (department:getRecord), so
   * poll each province's peer until it has the record. The embedded ledger has one state: nothing to wait for.
   */
  async function propagated(recordId: string): Promise<void> {
    if (ledger().kind === 'embedded') return;
    const deadline = Date.now() + 10_000;
    for (const province of PROVINCES) {
      for (;;) {
        try {
          await ledger().evaluate({ identity: { province, role: 'client' }, contract: 'department', transaction: 'getRecord', args: [recordId] });
          break;
        } catch (error) {
          if (!(error instanceof LedgerError) || error.code !== 'NOT_FOUND' || Date.now() > deadline) throw error;
          lagged += 1;
          await sleep(20);
        }
      }
    }
  }
  let lagged = 0;

  async function submit(actor: Actor, contract: string, transaction: string, record: Json): Promise<Receipt> {
    const committed = await submitSigned(actor, contract, transaction, actor.sign(record));
    return JSON.parse(Buffer.from(committed.result).toString('utf8')) as Receipt;
  }

  async function submitSigned(actor: Actor, contract: string, transaction: string, recordJson: string): Promise<CommittedTransaction> {
    const committed = await ledger().submit({ identity: { province: actor.province, role: 'client' }, contract, transaction, args: [recordJson] });
    await propagated((JSON.parse(recordJson) as { id: string }).id);
    return committed;
  }

  function refused(actor: Actor, contract: string, transaction: string, record: Json): Promise<LedgerError> {
    return rejection(submitSigned(actor, contract, transaction, actor.sign(record)));
  }

  async function query<T>(contract: string, transaction: string, args: string[], province: Province = 'anhui'): Promise<T> {
    const bytes = await ledger().evaluate({ identity: { province, role: 'client' }, contract, transaction, args });
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  }

  /** Records' ids: unique per run. */
  const rid = (name: string): string => `${name}-${runHex}`;

  describe('product flows', () => {
    afterAll(() => {
      // How often another province's peer had not yet committed a block the submitting peer had (Fabric only).
      if (lagged > 0) console.log(`product flows: waited ${lagged} time(s) for another province's peer to commit a record`);
    });

    // Departments of four provinces, each with a fresh SM2 key, registered by their province admin.
    let zjIssuer: Actor; // Zhejiang: credit issuer, licence issuer, regulator
    let shAmr: Actor; // Shanghai: regulator, credit issuer, data-sharing officer (a reader)
    let shGateway: Actor; // Shanghai's gateway principal (records reads)
    let jsOwner: Actor; // Jiangsu: data owner
    let ahCoop: Actor; // Anhui: trace actor (producer cooperative)
    let ahAmr: Actor; // Anhui: regulator
    let ahCentre: Actor; // Anhui: public resources trading centre
    let ahPurchaser: Actor; // Anhui: purchaser and award authority
    let experts: Actor[];

    beforeAll(async () => {
      zjIssuer = await register('zj-amr', 'zhejiang', ['credit-issuer', 'licence-issuer', 'regulator']);
      shAmr = await register('sh-amr', 'shanghai', ['credit-issuer', 'regulator', 'data-sharing-officer']);
      shGateway = await register('sh-gw', 'shanghai', ['gateway']);
      jsOwner = await register('js-dsj', 'jiangsu', ['data-sharing-officer', 'auditor']);
      ahCoop = await register('ah-coop', 'anhui', ['trace-actor'], { creditCode: creditCode(runHex, 'D') });
      ahAmr = await register('ah-amr', 'anhui', ['regulator']);
      ahCentre = await register('ah-ggzy', 'anhui', ['trading-centre']);
      ahPurchaser = await register('ah-sjzyj', 'anhui', ['data-sharing-officer']);
      experts = [await register('exp-sh', 'shanghai', ['expert']), await register('exp-js', 'jiangsu', ['expert']), await register('exp-zj', 'zhejiang', ['expert'])];
    });

    describe('credit', () => {
      const company = { kind: 'organisation', creditCode: creditCode(runHex, 'A'), name: '杭州余杭一致性测试建设有限公司' };
      const entry = {
        type: 'credit.entry',
        id: rid('credit-entry'),
        list: 'black',
        subject: company,
        category: 'public-resource-trading-fraud',
        legalBasis: '《中华人民共和国招标投标法》第五十四条',
        decisionNumber: '杭发改信用〔2025〕1号',
        measures: ['no-bidding', 'no-government-procurement'],
        validFrom: '2025-01-01T00:00:00Z',
        validTo: '2030-01-01T00:00:00Z',
      };
      let signedEntry: string;

      it('a black-list entry from Zhejiang shows in the cross-province view and bars bidding (joint punishment)', async () => {
        signedEntry = zjIssuer.sign(entry);
        const committed = await submitSigned(zjIssuer, 'credit', 'addEntry', signedEntry);
        expect(committed.validationCode).toBe('VALID');
        const receipt = JSON.parse(Buffer.from(committed.result).toString('utf8')) as Receipt;
        expect(receipt).toMatchObject({ id: entry.id, type: 'credit.entry', department: zjIssuer.id, keyId: zjIssuer.keyId, txId: committed.txId, refs: { entryId: entry.id, subjectKey: `org:${company.creditCode}`, list: 'black' } });
        expect(committed.events).toEqual([{ contract: 'credit', name: 'credit.entry', payload: expect.any(String) }]);
        expect(JSON.parse(committed.events[0]?.payload ?? '{}')).toEqual(receipt);

        const view = await query<{ subjectKey: string; blacklisted: boolean; provinces: string[]; measures: string[]; entries: unknown[] }>('credit', 'view', [company.creditCode], 'anhui');
        expect(view).toMatchObject({ subjectKey: `org:${company.creditCode}`, blacklisted: true, redlisted: false, provinces: ['zhejiang'], measures: ['no-bidding', 'no-government-procurement'] });
        expect(view.entries).toHaveLength(1);
        const bid = await query<{ allowed: boolean; blockedBy: unknown[] }>('credit', 'check', [`org:${company.creditCode}`, 'bid'], 'shanghai');
        expect(bid).toMatchObject({ subjectKey: `org:${company.creditCode}`, action: 'bid', allowed: false, blockedBy: [{ entryId: entry.id, measure: 'no-bidding', department: zjIssuer.id, province: 'zhejiang' }] });
        const subsidy = await query<{ allowed: boolean }>('credit', 'check', [company.creditCode, 'subsidy'], 'jiangsu');
        expect(subsidy.allowed).toBe(true);
      });

      it('a replayed record is refused (REPLAYED) and a forged signature is refused (SIGNATURE_INVALID), writing nothing', async () => {
        const replay = await rejection(submitSigned(zjIssuer, 'credit', 'addEntry', signedEntry));
        expect(replay.code).toBe('REPLAYED');
        // The same signature over a record whose content was changed after signing.
        const forged = { ...(JSON.parse(zjIssuer.sign({ ...entry, id: rid('credit-entry-forged') })) as Json), measures: ['no-bidding', 'no-subsidy'] };
        const error = await rejection(submitSigned(zjIssuer, 'credit', 'addEntry', JSON.stringify(forged)));
        expect(error.code).toBe('SIGNATURE_INVALID');
        // Signed by another department's key in this department's name.
        const impostor = JSON.parse(shAmr.sign({ ...entry, id: rid('credit-entry-impostor') })) as Json;
        const misattributed = await rejection(submitSigned(zjIssuer, 'credit', 'addEntry', JSON.stringify({ ...impostor, department: zjIssuer.id })));
        expect(['SIGNATURE_INVALID', 'NOT_AUTHORISED']).toContain(misattributed.code);
        await expect(ledger().evaluate({ identity: { province: 'anhui', role: 'client' }, contract: 'department', transaction: 'getRecord', args: [rid('credit-entry-forged')] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        const view = await query<{ entries: unknown[] }>('credit', 'view', [company.creditCode]);
        expect(view.entries).toHaveLength(1);
      });

      it('a repair applied in Shanghai and approved by the Zhejiang issuer lifts the punishment', async () => {
        const apply = await submit(shAmr, 'credit', 'applyRepair', { type: 'credit.repair.apply', id: rid('repair-apply'), entryId: entry.id, grounds: '已履行行政处罚决定，完成整改并作出信用承诺', evidenceDigest: sm3Hex(`evidence ${runHex}`) });
        expect(apply.refs).toEqual({ repairId: rid('repair-apply'), entryId: entry.id });
        const pending = await query<{ entry: { effectiveStatus: string }; repairs: Array<{ status: string }> }>('credit', 'getEntry', [entry.id]);
        expect(pending.entry.effectiveStatus).toBe('active');
        expect(pending.repairs.map((r) => r.status)).toEqual(['pending']);
        // Only the issuing department decides.
        const notIssuer = await refused(shAmr, 'credit', 'decideRepair', { type: 'credit.repair.decide', id: rid('repair-decide-x'), repairId: rid('repair-apply'), decision: 'approved', reason: 'x' });
        expect(notIssuer.code).toBe('NOT_AUTHORISED');
        const decide = await submit(zjIssuer, 'credit', 'decideRepair', { type: 'credit.repair.decide', id: rid('repair-decide'), repairId: rid('repair-apply'), decision: 'approved', reason: '经核查整改到位，准予信用修复' });
        expect(decide.refs).toMatchObject({ repairId: rid('repair-apply'), entryId: entry.id, decision: 'approved' });

        const after = await query<{ entry: { effectiveStatus: string }; repairs: Array<{ status: string; decisionId: string }> }>('credit', 'getEntry', [entry.id], 'jiangsu');
        expect(after.entry.effectiveStatus).toBe('repaired');
        expect(after.repairs).toMatchObject([{ status: 'approved', decisionId: rid('repair-decide') }]);
        const view = await query<{ blacklisted: boolean; measures: string[] }>('credit', 'view', [`org:${company.creditCode}`], 'shanghai');
        expect(view).toMatchObject({ blacklisted: false, measures: [] });
        const bid = await query<{ allowed: boolean; blockedBy: unknown[] }>('credit', 'check', [company.creditCode, 'bid']);
        expect(bid).toMatchObject({ allowed: true, blockedBy: [] });
      });
    });

    describe('licence', () => {
      const number = `JY${runHex.toUpperCase()}01`;
      const holder = { kind: 'organisation', creditCode: creditCode(runHex, 'B'), name: '杭州余杭一致性测试食品有限公司' };
      const digest = sm3Hex(`licence file ${number} v1`);
      const issue = (id: string, overrides: Json = {}): Json => ({
        type: 'licence.issue',
        id,
        number,
        licenceType: 'food-business',
        holder,
        title: '食品经营许可证',
        scope: '预包装食品销售',
        validFrom: '2025-01-01T00:00:00Z',
        validTo: '2035-01-01T00:00:00Z',
        fileDigest: digest,
        ...overrides,
      });
      const verify = async (n: string, d: string): Promise<{ result: string; issuer?: { id: string; province: string }; signature?: { verified: boolean; keyId: string } }> =>
        query('licence', 'verify', [n, d], 'shanghai');

      it('issued in Zhejiang, verified in Shanghai by number and file digest: valid, with issuer and verified signature', async () => {
        const receipt = await submit(zjIssuer, 'licence', 'issue', issue(rid('lic-issue')));
        expect(receipt.refs).toMatchObject({ number, licenceType: 'food-business' });
        const answer = await verify(number, digest);
        expect(answer).toMatchObject({ number, fileDigest: digest, result: 'valid', issuer: { id: zjIssuer.id, province: 'zhejiang' }, signature: { verified: true, keyId: zjIssuer.keyId } });
        expect((await verify(number, sm3Hex('another file'))).result).toBe('digest-mismatch');
        const unknown = await verify(`JY${runHex.toUpperCase()}99`, digest);
        expect(unknown.result).toBe('unknown');
        expect(unknown).not.toHaveProperty('licence');
        const duplicate = await refused(zjIssuer, 'licence', 'issue', issue(rid('lic-issue-dup')));
        expect(duplicate.code).toBe('CONFLICT');
      });

      it('suspend → suspended, reinstate → valid, revoke → revoked; a revoked licence is not reinstated', async () => {
        await submit(zjIssuer, 'licence', 'suspend', { type: 'licence.suspend', id: rid('lic-suspend'), number, reason: '抽检不合格，停业整改' });
        expect((await verify(number, digest)).result).toBe('suspended');
        await submit(zjIssuer, 'licence', 'reinstate', { type: 'licence.reinstate', id: rid('lic-reinstate'), number, reason: '复查合格' });
        expect((await verify(number, digest)).result).toBe('valid');
        await submit(zjIssuer, 'licence', 'revoke', { type: 'licence.revoke', id: rid('lic-revoke'), number, reason: '以欺骗手段取得许可', legalBasis: '《中华人民共和国行政许可法》第六十九条' });
        expect((await verify(number, digest)).result).toBe('revoked');
        const again = await refused(zjIssuer, 'licence', 'reinstate', { type: 'licence.reinstate', id: rid('lic-reinstate-2'), number, reason: 'x' });
        expect(again.code).toBe('CONFLICT');
        const licence = await query<{ status: string; events: Array<{ type: string }> }>('licence', 'get', [number]);
        expect(licence.status).toBe('revoked');
        expect(licence.events.map((e) => e.type)).toEqual(['licence.issue', 'licence.suspend', 'licence.reinstate', 'licence.revoke']);
        const held = await query<Array<{ number: string }>>('licence', 'byHolder', [holder.creditCode]);
        expect(held.map((l) => l.number)).toEqual([number]);
      });

      it('a licence for a holder black-listed with a no-licence measure is refused (SUBJECT_BLACKLISTED); other types are not barred', async () => {
        const barred = { kind: 'organisation', creditCode: creditCode(runHex, 'C'), name: '杭州余杭一致性测试餐饮管理有限公司' };
        // Listed by the subject's own province (jurisdiction, issue 14); the measure then bars it everywhere.
        await submit(zjIssuer, 'credit', 'addEntry', {
          type: 'credit.entry',
          id: rid('credit-entry-food'),
          list: 'black',
          subject: barred,
          category: 'food-drug-safety',
          legalBasis: '《中华人民共和国食品安全法》第一百三十五条',
          measures: ['no-licence:food-business', 'enhanced-supervision'],
          validFrom: '2025-01-01T00:00:00Z',
        });
        // Refused, the refusal committed as joint-punishment feedback (issue 14): no licence, a txId that resolves.
        const refusedIssue = await submit(zjIssuer, 'licence', 'issue', issue(rid('lic-barred'), { number: `JY${runHex.toUpperCase()}02`, holder: barred }));
        expect(refusedIssue.refs).toMatchObject({ refused: 'SUBJECT_BLACKLISTED' });
        expect(String(refusedIssue.refs.reason)).toContain(rid('credit-entry-food'));
        const feedback = await query<Array<{ txId: string; refusedRecordId: string; action: string }>>('credit', 'feedbackOfIssuer', [zjIssuer.id]);
        expect(feedback).toEqual(expect.arrayContaining([expect.objectContaining({ txId: refusedIssue.txId, refusedRecordId: rid('lic-barred'), action: 'licence:food-business' })]));
        expect((await verify(`JY${runHex.toUpperCase()}02`, digest)).result).toBe('unknown');
        await submit(zjIssuer, 'licence', 'issue', issue(rid('lic-road'), { number: `JY${runHex.toUpperCase()}03`, holder: barred, licenceType: 'road-transport', title: '道路运输经营许可证' }));
        expect((await verify(`JY${runHex.toUpperCase()}03`, digest)).result).toBe('valid');
      });
    });

    describe('trace', () => {
      const batchId = `LA-GP-${runHex}`;
      const derivedId = `LA-GP-${runHex}-A`;
      const siblingId = `LA-GP-${runHex}-B`;
      const producer = { kind: 'cooperative', name: '金寨县一致性测试茶叶专业合作社', creditCode: creditCode(runHex, 'D') };
      const spec = (id: string, quantity: number): Json => ({
        batchId: id,
        product: { name: '六安瓜片', standard: 'GB/T 21824-2008' },
        origin: { province: '安徽省', city: '六安市', county: '金寨县', place: '齐山村' },
        producer,
        quantity,
        unit: 'kg',
        harvestSeason: '2025-spring',
      });
      const event = (name: string, id: string, kind: string, occurredAt: string, details: Json): Json => ({ type: 'trace.event', id: rid(name), batchId: id, kind, occurredAt, details });
      interface TraceView {
        batchId: string;
        verdict: string;
        checkCodeMatches?: boolean;
        ancestors: Array<{ batchId: string }>;
        descendants: string[];
        chain: Array<{ recordId: string; signatureStatus: string }>;
      }

      it('register → planting → harvest → inspection (pass) → split → sale; the public trace view says genuine', async () => {
        const registered = await submit(ahCoop, 'trace', 'registerBatch', { type: 'trace.batch.register', id: rid('trace-reg'), ...spec(batchId, 500) });
        expect(registered.refs).toMatchObject({ batchId });
        await submit(ahCoop, 'trace', 'recordEvent', event('trace-plant', batchId, 'planting', '2025-02-20T00:00:00Z', { plot: '齐山村3号地块' }));
        await submit(ahCoop, 'trace', 'recordEvent', event('trace-harvest', batchId, 'harvest', '2025-04-12T23:00:00Z', { method: '谷雨前手工采摘' }));
        // Planting after the harvest breaks the stage order.
        expect((await refused(ahCoop, 'trace', 'recordEvent', event('trace-plant-late', batchId, 'planting', '2025-04-13T00:00:00Z', { plot: '齐山村3号地块' }))).code).toBe('CONFLICT');
        // No sale before a passing inspection.
        expect((await refused(ahCoop, 'trace', 'recordEvent', event('trace-sale-early', batchId, 'sale', '2025-04-13T00:00:00Z', { seller: 's' }))).code).toBe('CONFLICT');
        const inspection = { laboratory: '六安市农产品质量安全检测中心', reportNumber: `LAZJ-${runHex}`, reportDigest: sm3Hex(`report ${runHex}`), result: 'pass', items: ['农药残留', '稀土'] };
        const inspected = await submit(ahAmr, 'trace', 'recordEvent', event('trace-insp', batchId, 'inspection', '2025-04-13T06:00:00Z', inspection));
        expect(inspected.refs).toMatchObject({ batchId, kind: 'inspection' });
        const uneven = await refused(ahCoop, 'trace', 'derive', { type: 'trace.derivation', id: rid('trace-split-uneven'), kind: 'split', inputs: [{ batchId, quantity: 150 }], outputs: [spec(derivedId, 100), spec(siblingId, 51)] });
        expect(uneven.code).toBe('INVALID_ARGUMENT');
        expect(uneven.message).toMatch(/quantity not conserved/);
        const derived = await submit(ahCoop, 'trace', 'derive', { type: 'trace.derivation', id: rid('trace-split'), kind: 'split', inputs: [{ batchId, quantity: 150 }], outputs: [spec(derivedId, 100), spec(siblingId, 50)] });
        expect(String(derived.refs.outputs).split(',')).toEqual([derivedId, siblingId]);
        await submit(ahCoop, 'trace', 'recordEvent', event('trace-sale', derivedId, 'sale', '2025-04-25T02:00:00Z', { seller: '上海黄浦一致性测试茶叶店', channel: '门店' }));

        const qr = await query<{ batchId: string; payload: string }>('trace', 'qr', [derivedId], 'shanghai');
        expect(qr.payload.startsWith(`dtl-trace:1:${derivedId}:`)).toBe(true);
        const view = await query<TraceView>('trace', 'trace', [qr.payload], 'shanghai');
        expect(view).toMatchObject({ batchId: derivedId, verdict: 'genuine', checkCodeMatches: true });
        expect(view.ancestors.map((a) => a.batchId)).toEqual([batchId]);
        expect(view.chain.map((c) => c.recordId)).toEqual(expect.arrayContaining([rid('trace-reg'), rid('trace-insp'), rid('trace-split'), rid('trace-sale')]));
        expect(view.chain.every((c) => c.signatureStatus === 'valid')).toBe(true);
        const parent = await query<TraceView>('trace', 'trace', [batchId], 'zhejiang');
        expect(parent).toMatchObject({ verdict: 'genuine', descendants: [derivedId, siblingId] });
        expect((await query<{ state: { consumed: number } }>('trace', 'getBatch', [batchId])).state.consumed).toBe(150);
        expect((await query<TraceView>('trace', 'trace', [`${batchId}-NONE`])).verdict).toBe('unknown');
      });

      it('a regulator recalls the batch: the verdict is "recalled" on it and on the derived batch; later events are refused', async () => {
        // Only a regulator recalls.
        expect((await refused(ahCoop, 'trace', 'recall', { type: 'trace.recall', id: rid('trace-recall-x'), batchId, reason: 'x', legalBasis: 'x' })).code).toBe('NOT_AUTHORISED');
        const recall = await submit(ahAmr, 'trace', 'recall', {
          type: 'trace.recall',
          id: rid('trace-recall'),
          batchId,
          reason: '监督抽检发现农药残留超标，责令召回该批次及其分装批次',
          legalBasis: '《中华人民共和国食品安全法》第六十三条',
        });
        expect(String(recall.refs.batches).split(',')).toEqual([batchId, derivedId, siblingId]);
        expect((await query<TraceView>('trace', 'trace', [batchId], 'jiangsu')).verdict).toBe('recalled');
        const derived = await query<TraceView>('trace', 'trace', [derivedId], 'shanghai');
        expect(derived.verdict).toBe('recalled');
        expect(derived.chain.map((c) => c.recordId)).toContain(rid('trace-recall'));
        const after = await refused(ahCoop, 'trace', 'recordEvent', event('trace-ship-after', derivedId, 'shipment', '2025-05-01T00:00:00Z', { from: 'a', to: 'b' }));
        expect(after.code).toBe('CONFLICT');
        expect((await refused(ahAmr, 'trace', 'recall', { type: 'trace.recall', id: rid('trace-recall-2'), batchId, reason: 'again', legalBasis: 'x' })).code).toBe('CONFLICT');
      });
    });

    describe('sharing', () => {
      const resourceId = `food-licences-${runHex}`;
      interface AccessRefs {
        allowed: boolean;
        basis: string;
        reason?: string;
        grantId?: string;
        readerProvince: string;
        ownerProvince: string;
      }
      interface Pair {
        readerProvince: string;
        ownerProvince: string;
        allowed: number;
        refused: number;
      }
      const pairCount = (pairs: Pair[]): { allowed: number; refused: number } => {
        const pair = pairs.find((p) => p.readerProvince === 'shanghai' && p.ownerProvince === 'jiangsu');
        return { allowed: pair?.allowed ?? 0, refused: pair?.refused ?? 0 };
      };
      const access = (name: string, fields: Json = {}): Json => ({ type: 'sharing.access', id: rid(name), reader: shAmr.id, owner: jsOwner.id, resourceId, purpose: '沪苏跨省执法协查', subject: creditCode(runHex, 'B'), ...fields });
      let pairsBefore: { allowed: number; refused: number };

      it('a conditional catalogue entry; a cross-province read without a grant is refused and still recorded', async () => {
        pairsBefore = pairCount(await query<Pair[]>('sharing', 'readsByProvincePair', [], 'jiangsu'));
        const published = await submit(jsOwner, 'sharing', 'publish', {
          type: 'sharing.catalogue',
          id: rid('cat'),
          resourceId,
          family: 'licence',
          title: '南京市食品经营许可信息（一致性测试）',
          description: '许可证编号、持证主体、经营项目、有效期、状态',
          mode: 'conditional',
          conditions: '仅用于市场监管执法协查，需说明事由与涉及主体',
        });
        expect(published.refs).toMatchObject({ owner: jsOwner.id, resourceId, mode: 'conditional' });
        const catalogue = await query<Array<{ resourceId: string; mode: string }>>('sharing', 'catalogue', [jsOwner.id], 'shanghai');
        expect(catalogue).toMatchObject([{ resourceId, mode: 'conditional' }]);

        const refusedRead = await submit(shGateway, 'sharing', 'recordAccess', access('access-1'));
        expect(refusedRead.refs).toEqual({ allowed: false, basis: 'refused', reason: 'no-grant', readerProvince: 'shanghai', ownerProvince: 'jiangsu' });
        const stored = await query<{ record: { id: string }; txId: string }>('department', 'getRecord', [rid('access-1')]);
        expect(stored.record.id).toBe(rid('access-1'));
        expect(stored.txId).toBe(refusedRead.txId);
        // Another province's gateway may not record a Shanghai reader's access.
        const ahGateway = await refused(zjIssuer, 'sharing', 'recordAccess', access('access-x'));
        expect(ahGateway.code).toBe('NOT_AUTHORISED');
      });

      it('request + grant by the owner; the read is then allowed under the grant', async () => {
        const until = new Date(Date.now() + 86_400_000).toISOString();
        const requested = await submit(shAmr, 'sharing', 'request', { type: 'sharing.request', id: rid('req'), owner: jsOwner.id, resourceId, purpose: '沪苏跨省执法协查', until });
        expect(requested.refs).toEqual({ requestId: rid('req'), owner: jsOwner.id, resourceId });
        expect((await query<Array<{ requestId: string; status: string }>>('sharing', 'requestsFor', [jsOwner.id])).map((r) => [r.requestId, r.status])).toEqual([[rid('req'), 'pending']]);
        // The reader cannot grant itself.
        const self = await refused(shAmr, 'sharing', 'decide', { type: 'sharing.grant', id: rid('grant-self'), requestId: rid('req'), decision: 'approved', validFrom: '2025-01-01T00:00:00Z', validTo: until, reason: 'self' });
        expect(self.code).toBe('NOT_AUTHORISED');
        const granted = await submit(jsOwner, 'sharing', 'decide', { type: 'sharing.grant', id: rid('grant'), requestId: rid('req'), decision: 'approved', validFrom: '2025-01-01T00:00:00Z', validTo: until, reason: '同意用于执法协查' });
        expect(granted.refs).toMatchObject({ requestId: rid('req'), decision: 'approved', grantId: rid('grant') });
        const grant = await query<{ grantId: string; status: string; requester: string }>('sharing', 'getGrant', [rid('grant')], 'shanghai');
        expect(grant).toMatchObject({ grantId: rid('grant'), status: 'active', requester: shAmr.id });

        const allowed = await submit(shGateway, 'sharing', 'recordAccess', access('access-2'));
        expect(allowed.refs).toEqual({ allowed: true, basis: 'grant', grantId: rid('grant'), readerProvince: 'shanghai', ownerProvince: 'jiangsu' } satisfies AccessRefs);
      });

      it("the auditor's queries show both reads: refused and allowed, by owner, by reader and by province pair", async () => {
        const refusedReads = await query<Array<{ accessId: string; reason: string; gateway: string }>>('sharing', 'refusedReads', [], 'jiangsu');
        const mine = refusedReads.filter((r) => r.accessId.endsWith(runHex));
        expect(mine.map((r) => [r.accessId, r.reason, r.gateway])).toEqual([[rid('access-1'), 'no-grant', shGateway.id]]);
        const ofOwner = await query<Array<{ accessId: string; allowed: boolean }>>('sharing', 'readsOf', [jsOwner.id], 'jiangsu');
        expect(ofOwner.map((r) => [r.accessId, r.allowed])).toEqual([
          [rid('access-1'), false],
          [rid('access-2'), true],
        ]);
        const byReader = await query<Array<{ accessId: string; allowed: boolean }>>('sharing', 'readsBy', [shAmr.id], 'shanghai');
        expect(byReader.map((r) => [r.accessId, r.allowed])).toEqual([
          [rid('access-1'), false],
          [rid('access-2'), true],
        ]);
        const after = pairCount(await query<Pair[]>('sharing', 'readsByProvincePair', [], 'jiangsu'));
        expect({ allowed: after.allowed - pairsBefore.allowed, refused: after.refused - pairsBefore.refused }).toEqual({ allowed: 1, refused: 1 });
      });
    });

    describe('tender', () => {
      const tenderId = `HFGGZY-${runHex}`;
      const speciality = `conformance-${runHex}`;
      const bidders = [
        { creditCode: creditCode(runHex, 'E'), name: '一致性测试投标人甲', price: 1_168_000_000 },
        { creditCode: creditCode(runHex, 'F'), name: '一致性测试投标人乙', price: 1_096_500_000 },
        { creditCode: creditCode(runHex, 'G'), name: '一致性测试投标人丙', price: 1_215_800_000 },
      ];
      const scores = [
        [8600, 9100, 8300],
        [8500, 9000, 8400],
        [8700, 9200, 8200],
      ];
      const salt = (i: number): string => sm3Hex(`conformance tender salt ${runHex} ${i}`);
      const bidOf = (i: number): { tenderId: string; bidderCreditCode: string; price: number; proposalDigest: string; durationDays: number } => {
        const b = bidders[i] as (typeof bidders)[number];
        return { tenderId, bidderCreditCode: b.creditCode, price: b.price, proposalDigest: sm3Hex(`技术标 ${tenderId} ${i}`), durationDays: 365 };
      };
      const bidId = (i: number): string => `${tenderId}-bid-${i + 1}`;

      it('publish, sealed commits, reveal, expert draw, signed scores, evaluation, award by the purchaser; the replay agrees', async () => {
        // Deadlines are checked against the transaction time: short windows, then wait them out.
        const windowMs = ledger().kind === 'fabric' ? 8_000 : 2_500;
        for (const [i, expert] of experts.entries()) {
          await submit(expert, 'tender', 'declareExpertProfile', { type: 'tender.expert.profile', id: rid(`expert-profile-${i}`), specialities: [speciality], affiliations: [] });
        }
        const start = Date.now();
        const bidDeadline = new Date(start + windowMs).toISOString();
        const revealDeadline = new Date(start + 2 * windowMs).toISOString();
        const published = await submit(ahCentre, 'tender', 'publish', {
          type: 'tender.publish',
          id: rid('tender-publish'),
          tenderId,
          title: '合肥市城市大脑数据中台运维服务采购（一致性测试）',
          category: 'services',
          purchaser: ahPurchaser.id,
          documentDigest: sm3Hex(`招标文件 ${tenderId}`),
          bidDeadline,
          revealDeadline,
          ceilingPrice: 1_250_000_000,
          criteria: { priceWeight: 30, technicalWeight: 70 },
          experts: { count: 3, specialities: [speciality] },
          awardAuthority: ahPurchaser.id,
        });
        expect(published.refs).toMatchObject({ tenderId });
        for (const [i, b] of bidders.entries()) {
          await submit(ahCentre, 'tender', 'commitBid', { type: 'tender.bid.commit', id: bidId(i), tenderId, bidderCreditCode: b.creditCode, bidderName: b.name, commitment: tenderRules.bidCommitment(bidOf(i), salt(i)) });
        }
        const early = await refused(ahCentre, 'tender', 'revealBid', { type: 'tender.bid.reveal', id: rid('tender-reveal-early'), tenderId, bidId: bidId(0), bid: bidOf(0), salt: salt(0) });
        expect(early.code).toBe('TOO_EARLY');
        expect(Date.now()).toBeLessThan(Date.parse(bidDeadline));

        await sleep(Date.parse(bidDeadline) - Date.now() + 300);
        const late = await refused(ahCentre, 'tender', 'commitBid', { type: 'tender.bid.commit', id: rid('tender-bid-late'), tenderId, bidderCreditCode: creditCode(runHex, 'H'), bidderName: '迟到的投标人', commitment: 'ee'.repeat(32) });
        expect(late.code).toBe('DEADLINE_PASSED');
        const draw = await submit(ahCentre, 'tender', 'drawExperts', { type: 'tender.draw', id: rid('tender-draw'), tenderId });
        const drawn = String(draw.refs.drawn).split(',');
        expect([...drawn].sort()).toEqual(experts.map((e) => e.id).sort());
        // Exactly one draw per tender (issue 14): a retry cannot change the committee.
        expect((await refused(ahCentre, 'tender', 'drawExperts', { type: 'tender.draw', id: rid('tender-draw-retry'), tenderId })).code).toBe('TENDER_ALREADY_DRAWN');
        const mismatch = await refused(ahCentre, 'tender', 'revealBid', { type: 'tender.bid.reveal', id: rid('tender-reveal-bad'), tenderId, bidId: bidId(0), bid: { ...bidOf(0), price: 1_000_000_000 }, salt: salt(0) });
        expect(mismatch.code).toBe('COMMITMENT_MISMATCH');
        for (const i of bidders.keys()) {
          const revealed = await submit(ahCentre, 'tender', 'revealBid', { type: 'tender.bid.reveal', id: rid(`tender-reveal-${i}`), tenderId, bidId: bidId(i), bid: bidOf(i), salt: salt(i) });
          expect(revealed.refs).toMatchObject({ tenderId, bidId: bidId(i), price: bidders[i]?.price });
        }
        expect(Date.now()).toBeLessThan(Date.parse(revealDeadline));

        await sleep(Date.parse(revealDeadline) - Date.now() + 300);
        for (const [e, expert] of experts.entries()) {
          for (const i of bidders.keys()) {
            await submit(expert, 'tender', 'submitScore', { type: 'tender.score', id: rid(`tender-score-${e}-${i}`), tenderId, bidId: bidId(i), score: scores[e]?.[i], sheetDigest: sm3Hex(`评分表 ${e} ${i}`) });
          }
        }
        const evaluated = await submit(ahCentre, 'tender', 'evaluate', { type: 'tender.evaluate', id: rid('tender-evaluate'), tenderId });
        const recommended = String(evaluated.refs.recommended).split(',');
        // Lowest price and best technical scores: bid 2 first.
        expect(recommended).toEqual([bidId(1), bidId(0), bidId(2)]);
        // 评定分离: the publishing centre cannot award.
        expect((await refused(ahCentre, 'tender', 'award', { type: 'tender.award', id: rid('tender-award-x'), tenderId, bidId: bidId(1) })).code).toBe('NOT_AUTHORISED');
        const award = await submit(ahPurchaser, 'tender', 'award', { type: 'tender.award', id: rid('tender-award'), tenderId, bidId: bidId(1) });
        expect(award.refs).toMatchObject({ tenderId, bidId: bidId(1), rank: 1 });

        const replay = await query<{ ok: boolean; problems: unknown[]; draw: { matches: boolean; recomputed: { drawn: string[] } }; result: { matches: boolean }; award: { bidId: string; rank: number; valid: boolean } }>('tender', 'replay', [tenderId], 'shanghai');
        expect(replay).toMatchObject({ ok: true, problems: [], draw: { matches: true }, result: { matches: true }, award: { bidId: bidId(1), rank: 1, valid: true } });
        expect(replay.draw.recomputed.drawn).toEqual(drawn);
        const state = await query<{ status: string; scores: unknown[] }>('tender', 'get', [tenderId], 'jiangsu');
        expect(state.status).toBe('awarded');
        expect(state.scores).toHaveLength(9);
      });
    });

    // The governance rules of issue 14, each abuse refused with the code that names the rule.
    runGovernanceFlows({ register, submit, refused, query, rid, runHex });
  });
}
