import { bidCommitment } from '../domain/tender/commitment';
import type { TenderReplay } from '../domain/tender/replay';
import type { BidContent, ExpertDraw } from '../domain/tender/types';
import { registerTestDepartment, type TestDepartment } from '../testing/departments';
import { refusalOf } from '../testing/refusal';
import { ContractHarness } from '../testing/harness';
import { CreditContract } from './credit';
import { DepartmentContract } from './department';
import { TenderContract } from './tender';

const BIDDERS = ['91340100MA2W1X3K8U', '91340104MA2X2Y4L18', '91341100MA2Y3A5M7X', '91320100MA1W5C7P79'] as const;
const TENDER_ID = 'HFGGZY-2025-SZ-001';
const SALT = '5a'.repeat(16);
const PRICES = [4_600_000_000, 4_400_000_000, 4_700_000_000, 4_500_000_000];

function bidOf(i: number): BidContent {
  return { tenderId: TENDER_ID, bidderCreditCode: BIDDERS[i] as string, price: PRICES[i] as number, proposalDigest: 'd'.repeat(64), durationDays: 240 };
}

const PUBLISH = {
  type: 'tender.publish',
  id: 'hf-ggzy-pub-1',
  tenderId: TENDER_ID,
  title: '合肥市包河区云谷路道路改造工程施工',
  category: 'works',
  purchaser: 'hf-bh-jsj',
  documentDigest: 'c'.repeat(64),
  bidDeadline: '2025-03-10T01:30:00Z',
  revealDeadline: '2025-03-10T06:00:00Z',
  ceilingPrice: 4_850_000_000,
  criteria: { priceWeight: 60, technicalWeight: 40 },
  experts: { count: 3, specialities: ['municipal-roads', 'cost-engineering'] },
  awardAuthority: 'hf-zjj',
};

describe('tender contract through ChaincodeFromContract', () => {
  let ledger: ContractHarness;
  let centre: TestDepartment;
  let otherCentre: TestDepartment;
  let regulator: TestDepartment;
  let credit: TestDepartment;
  let experts: TestDepartment[];

  async function expert(id: string, province: 'shanghai' | 'jiangsu' | 'zhejiang' | 'anhui', specialities: string[], affiliations: string[] = []): Promise<TestDepartment> {
    const d = await registerTestDepartment(ledger, { id, province, roles: ['expert'] });
    await ledger.submit(d.caller, 'tender:declareExpertProfile', [d.sign({ type: 'tender.expert.profile', id: `profile-${id}`, specialities, affiliations })]);
    return d;
  }

  async function commitAll(count = 4): Promise<void> {
    for (let i = 0; i < count; i++) {
      const record = { type: 'tender.bid.commit', id: `bid-${i + 1}`, tenderId: TENDER_ID, bidderCreditCode: BIDDERS[i], bidderName: `投标人${i + 1}`, commitment: bidCommitment(bidOf(i), SALT) };
      await ledger.submit(centre.caller, 'tender:commitBid', [centre.sign(record)]);
    }
  }

  async function revealAll(count = 4): Promise<void> {
    for (let i = 0; i < count; i++) {
      await ledger.submit(centre.caller, 'tender:revealBid', [centre.sign({ type: 'tender.bid.reveal', id: `reveal-${i + 1}`, tenderId: TENDER_ID, bidId: `bid-${i + 1}`, bid: bidOf(i), salt: SALT })]);
    }
  }

  beforeEach(async () => {
    ledger = new ContractHarness([DepartmentContract, CreditContract, TenderContract], '2025-03-01T08:00:00.000Z');
    centre = await registerTestDepartment(ledger, { id: 'hf-ggzy', province: 'anhui', roles: ['trading-centre'] });
    otherCentre = await registerTestDepartment(ledger, { id: 'cz-ggzy', province: 'anhui', roles: ['trading-centre'] });
    regulator = await registerTestDepartment(ledger, { id: 'hf-zjj', province: 'anhui', roles: ['regulator'] });
    await registerTestDepartment(ledger, { id: 'hf-bh-jsj', province: 'anhui', roles: ['trace-actor'] });
    credit = await registerTestDepartment(ledger, { id: 'js-fgw', province: 'jiangsu', roles: ['credit-issuer'] });
    experts = [
      await expert('exp-sh-wang', 'shanghai', ['municipal-roads']),
      await expert('exp-js-zhao', 'jiangsu', ['municipal-roads', 'bridges']),
      await expert('exp-js-qian', 'jiangsu', ['cost-engineering'], [BIDDERS[3]]),
      await expert('exp-zj-sun', 'zhejiang', ['cost-engineering']),
      await expert('exp-ah-wu', 'anhui', ['municipal-roads'], ['hf-bh-jsj']),
      await expert('exp-ah-zheng', 'anhui', ['cost-engineering', 'municipal-roads']),
    ];
    await ledger.submit(centre.caller, 'tender:publish', [centre.sign(PUBLISH)]);
  });

  it('runs a whole tender: commit, reveal, draw, signed scores, evaluation, award by another department, and replays it', async () => {
    await commitAll();
    ledger.setTime('2025-03-10T01:35:00.000Z');
    const drawReceipt = JSON.parse(await ledger.submit(centre.caller, 'tender:drawExperts', [centre.sign({ type: 'tender.draw', id: 'draw-1', tenderId: TENDER_ID })])) as { refs: { drawn: string } };
    const drawn = drawReceipt.refs.drawn.split(',');
    expect(drawn).toHaveLength(3);
    expect(drawn).not.toContain('exp-js-qian'); // affiliated with bidder 4
    expect(drawn).not.toContain('exp-ah-wu'); // affiliated with the purchaser
    await revealAll();
    ledger.setTime('2025-03-10T06:30:00.000Z');
    const byId = new Map(experts.map((e) => [e.id, e]));
    for (const [e, expertId] of drawn.entries()) {
      for (let b = 0; b < 4; b++) {
        const signer = byId.get(expertId) as TestDepartment;
        await ledger.submit(signer.caller, 'tender:submitScore', [signer.sign({ type: 'tender.score', id: `score-${expertId}-${b + 1}`, tenderId: TENDER_ID, bidId: `bid-${b + 1}`, score: 7000 + 400 * b + 100 * e })]);
      }
    }
    const first = byId.get(drawn[0] as string) as TestDepartment;
    expect((await ledger.invoke(first.caller, 'tender:submitScore', [first.sign({ type: 'tender.score', id: 'score-again', tenderId: TENDER_ID, bidId: 'bid-1', score: 9999 })])).code).toBe('CONFLICT');

    expect((await ledger.invoke(regulator.caller, 'tender:evaluate', [regulator.sign({ type: 'tender.evaluate', id: 'eval-x', tenderId: TENDER_ID })])).code).toBe('NOT_AUTHORISED');
    const evalReceipt = JSON.parse(await ledger.submit(centre.caller, 'tender:evaluate', [centre.sign({ type: 'tender.evaluate', id: 'eval-1', tenderId: TENDER_ID })])) as { refs: { recommended: string } };
    const recommended = evalReceipt.refs.recommended.split(',');
    expect(recommended).toHaveLength(3);

    // 评定分离: the publishing centre cannot award; the award authority can, to the first candidate.
    expect((await ledger.invoke(centre.caller, 'tender:award', [centre.sign({ type: 'tender.award', id: 'award-x', tenderId: TENDER_ID, bidId: recommended[0] })])).code).toBe('NOT_AUTHORISED');
    const award = JSON.parse(await ledger.submit(regulator.caller, 'tender:award', [regulator.sign({ type: 'tender.award', id: 'award-1', tenderId: TENDER_ID, bidId: recommended[0] })])) as { refs: { rank: number } };
    expect(award.refs.rank).toBe(1);

    const replay = JSON.parse(await ledger.evaluate(centre.caller, 'tender:replay', [TENDER_ID])) as TenderReplay;
    expect(replay).toMatchObject({ ok: true, problems: [], draw: { matches: true }, result: { matches: true }, award: { rank: 1, valid: true } });
    expect((replay.draw?.recomputed as ExpertDraw).drawn).toEqual(drawn);
    const state = JSON.parse(await ledger.evaluate(centre.caller, 'tender:get', [TENDER_ID])) as { status: string; scores: unknown[] };
    expect(state.status).toBe('awarded');
    expect(state.scores).toHaveLength(12);
  });

  it('publishes only with an award authority that is the purchaser or a regulator, and a bid deadline ahead', async () => {
    const byCentre = await ledger.invoke(centre.caller, 'tender:publish', [centre.sign({ ...PUBLISH, id: 'pub-2', tenderId: 'T-2', awardAuthority: 'cz-ggzy' })]);
    expect(byCentre.message).toBe('INVALID_ARGUMENT: awardAuthority: department cz-ggzy is neither the purchaser nor a regulator');
    await ledger.submit(centre.caller, 'tender:publish', [centre.sign({ ...PUBLISH, id: 'pub-3', tenderId: 'T-3', awardAuthority: 'hf-bh-jsj' })]);
    expect((await ledger.invoke(centre.caller, 'tender:publish', [centre.sign({ ...PUBLISH, id: 'pub-4', tenderId: 'T-4', bidDeadline: '2025-02-01T00:00:00Z' })])).code).toBe('DEADLINE_PASSED');
    expect((await ledger.invoke(centre.caller, 'tender:publish', [centre.sign({ ...PUBLISH, id: 'pub-5' })])).code).toBe('CONFLICT');
  });

  it('enforces the commit and reveal windows and the commitment', async () => {
    await commitAll(1);
    const early = await ledger.invoke(centre.caller, 'tender:revealBid', [centre.sign({ type: 'tender.bid.reveal', id: 'rv-early', tenderId: TENDER_ID, bidId: 'bid-1', bid: bidOf(0), salt: SALT })]);
    expect(early.code).toBe('TOO_EARLY');
    ledger.setTime('2025-03-10T01:30:00.000Z');
    const late = { type: 'tender.bid.commit', id: 'bid-late', tenderId: TENDER_ID, bidderCreditCode: BIDDERS[1], bidderName: '迟到的投标人', commitment: bidCommitment(bidOf(1), SALT) };
    expect((await ledger.invoke(centre.caller, 'tender:commitBid', [centre.sign(late)])).code).toBe('DEADLINE_PASSED');
    const wrong = await ledger.invoke(centre.caller, 'tender:revealBid', [centre.sign({ type: 'tender.bid.reveal', id: 'rv-1', tenderId: TENDER_ID, bidId: 'bid-1', bid: { ...bidOf(0), price: 4_000_000_000 }, salt: SALT })]);
    expect(wrong.code).toBe('COMMITMENT_MISMATCH');
    await ledger.submit(centre.caller, 'tender:revealBid', [centre.sign({ type: 'tender.bid.reveal', id: 'rv-2', tenderId: TENDER_ID, bidId: 'bid-1', bid: bidOf(0), salt: SALT })]);
    ledger.setTime('2025-03-10T06:00:00.000Z');
    expect((await ledger.invoke(centre.caller, 'tender:revealBid', [centre.sign({ type: 'tender.bid.reveal', id: 'rv-3', tenderId: TENDER_ID, bidId: 'bid-1', bid: bidOf(0), salt: SALT })])).code).toBe('DEADLINE_PASSED');
  });

  it('refuses a black-listed bidder at commit, a second bid by the same bidder, and bids through another centre', async () => {
    const entry = {
      type: 'credit.entry',
      id: 'js-black-1',
      list: 'black',
      subject: { kind: 'organisation', creditCode: BIDDERS[3], name: '南京某市政工程有限公司' },
      category: 'public-resource-trading-fraud',
      legalBasis: '《中华人民共和国招标投标法》第五十四条',
      measures: ['no-bidding'],
      validFrom: '2025-01-01T00:00:00Z',
      validTo: '2028-01-01T00:00:00Z',
    };
    await ledger.submit(credit.caller, 'credit:addEntry', [credit.sign(entry)]);
    const blacklisted = { type: 'tender.bid.commit', id: 'bid-4', tenderId: TENDER_ID, bidderCreditCode: BIDDERS[3], bidderName: '南京某市政工程有限公司', commitment: bidCommitment(bidOf(3), SALT) };
    // Refused, and the refusal is committed as joint-punishment feedback the issuer can list; no bid is stored.
    const refusedBid = refusalOf(await ledger.invoke(centre.caller, 'tender:commitBid', [centre.sign(blacklisted)]));
    expect(refusedBid).toMatchObject({ code: 'SUBJECT_BLACKLISTED', committed: true });
    const feedback = JSON.parse(await ledger.evaluate(credit.caller, 'credit:feedbackOfIssuer', ['js-fgw'])) as Array<{ feedbackId: string; action: string; refusedRecordId: string; refusedFor: string; blockedBy: Array<{ entryId: string }> }>;
    expect(feedback).toEqual([expect.objectContaining({ feedbackId: refusedBid.feedbackId, action: 'bid', refusedRecordId: 'bid-4', refusedFor: 'hf-ggzy', blockedBy: [expect.objectContaining({ entryId: entry.id })] })]);
    expect(JSON.stringify(JSON.parse(await ledger.evaluate(centre.caller, 'tender:get', [TENDER_ID])))).not.toContain('bid-4');
    await commitAll(1);
    const again = { type: 'tender.bid.commit', id: 'bid-1b', tenderId: TENDER_ID, bidderCreditCode: BIDDERS[0], bidderName: 'x', commitment: 'ee'.repeat(32) };
    expect((await ledger.invoke(centre.caller, 'tender:commitBid', [centre.sign(again)])).code).toBe('CONFLICT');
    const elsewhere = { ...again, id: 'bid-2', bidderCreditCode: BIDDERS[1] };
    expect((await ledger.invoke(otherCentre.caller, 'tender:commitBid', [otherCentre.sign(elsewhere)])).code).toBe('NOT_AUTHORISED');
  });

  it('refuses a black-listed candidate at award', async () => {
    await commitAll(3);
    ledger.setTime('2025-03-10T01:35:00.000Z');
    const draw = JSON.parse(await ledger.submit(centre.caller, 'tender:drawExperts', [centre.sign({ type: 'tender.draw', id: 'draw-1', tenderId: TENDER_ID })])) as { refs: { drawn: string } };
    // Exactly one draw per tender: a retry is refused and the stored committee stays.
    expect((await ledger.invoke(centre.caller, 'tender:drawExperts', [centre.sign({ type: 'tender.draw', id: 'draw-2', tenderId: TENDER_ID })])).code).toBe('TENDER_ALREADY_DRAWN');
    await revealAll(3);
    ledger.setTime('2025-03-10T06:30:00.000Z');
    const byId = new Map(experts.map((e) => [e.id, e]));
    const outsider = experts.find((e) => !draw.refs.drawn.split(',').includes(e.id)) as TestDepartment;
    expect((await ledger.invoke(outsider.caller, 'tender:submitScore', [outsider.sign({ type: 'tender.score', id: 's-out', tenderId: TENDER_ID, bidId: 'bid-1', score: 9000 })])).code).toBe('NOT_AUTHORISED');
    for (const expertId of draw.refs.drawn.split(',')) {
      const signer = byId.get(expertId) as TestDepartment;
      for (let b = 0; b < 3; b++) await ledger.submit(signer.caller, 'tender:submitScore', [signer.sign({ type: 'tender.score', id: `s-${expertId}-${b}`, tenderId: TENDER_ID, bidId: `bid-${b + 1}`, score: 8000 })]);
    }
    const evaluated = JSON.parse(await ledger.submit(centre.caller, 'tender:evaluate', [centre.sign({ type: 'tender.evaluate', id: 'eval-1', tenderId: TENDER_ID })])) as { refs: { recommended: string } };
    const winner = evaluated.refs.recommended.split(',')[0] as string;
    const code = BIDDERS[Number(winner.slice(4)) - 1] as string;
    const entry = { type: 'credit.entry', id: 'js-black-2', list: 'black', subject: { kind: 'organisation', creditCode: code, name: 'x' }, category: 'public-resource-trading-fraud', legalBasis: '《招标投标法》', measures: ['no-bidding'], validFrom: '2025-03-10T00:00:00Z', validTo: '2028-01-01T00:00:00Z' };
    // The winner is registered in Anhui: its own province lists it (jurisdiction), the measure bites everywhere.
    const ahCredit = await registerTestDepartment(ledger, { id: 'ah-fgw', province: 'anhui', roles: ['credit-issuer'] });
    await ledger.submit(ahCredit.caller, 'credit:addEntry', [ahCredit.sign(entry)]);
    expect(refusalOf(await ledger.invoke(regulator.caller, 'tender:award', [regulator.sign({ type: 'tender.award', id: 'award-1', tenderId: TENDER_ID, bidId: winner })])).code).toBe('SUBJECT_BLACKLISTED');
    const second = evaluated.refs.recommended.split(',')[1] as string;
    expect((await ledger.invoke(regulator.caller, 'tender:award', [regulator.sign({ type: 'tender.award', id: 'award-2', tenderId: TENDER_ID, bidId: second })])).code).toBe('INVALID_ARGUMENT');
    await ledger.submit(regulator.caller, 'tender:award', [regulator.sign({ type: 'tender.award', id: 'award-3', tenderId: TENDER_ID, bidId: second, reason: '第一中标候选人被列入失信名单，依法由第二中标候选人中标' })]);
  });
});
