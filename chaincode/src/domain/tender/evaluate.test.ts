import { bidCommitment } from './commitment';
import { drawExperts } from './draw';
import { checkAward, evaluateTender, priceScore, technicalScore } from './evaluate';
import { replayTender, type TenderLedgerRecords } from './replay';
import { BIDDERS, POOL, TENDER, commit } from './test-data';
import type { BidCommitRecord, BidContent, BidRevealRecord, CommittedBid, ExpertScore, ExpertScoreRecord, RevealedBid } from './types';
import type { StoredRecord } from '../../records/common';
import type { SignatureBlock } from '../../../crypto';

const EXPERTS = ['e1', 'e2', 'e3', 'e4', 'e5'];

function bid(bidderCreditCode: string, price: number): BidContent {
  return { tenderId: TENDER.tenderId, bidderCreditCode, price, proposalDigest: 'd'.repeat(64), durationDays: 240 };
}

function scoresFor(bidId: string, values: number[], experts = EXPERTS): ExpertScore[] {
  return values.map((score, i) => ({ bidId, expertId: experts[i] as string, score }));
}

describe('score formulas', () => {
  it('gives the lowest valid price the full price points and others weight × lowest / price, half up', () => {
    expect(priceScore(60, 4_000_000_000, 4_000_000_000)).toBe(6000);
    expect(priceScore(60, 4_000_000_000, 4_400_000_000)).toBe(5455); // 5454.54… -> 5455
    expect(priceScore(60, 3, 8)).toBe(2250); // exactly 2250
    expect(priceScore(60, 1, 3)).toBe(2000);
    expect(priceScore(100, 2, 3)).toBe(6667); // 6666.66… -> 6667
  });

  it('averages all scores below 5 experts and drops the single highest and lowest from 5 on', () => {
    expect(technicalScore(40, [{ expertId: 'a', score: 8000 }, { expertId: 'b', score: 9000 }, { expertId: 'c', score: 7000 }])).toEqual({ score: 3200, dropped: [] });
    expect(technicalScore(40, scoresFor('x', [9000, 6000, 8500, 8000, 9500]))).toEqual({ score: 3400, dropped: ['e2', 'e5'] });
    // ties: the dropped lowest/highest is the one with the smaller / larger expert id
    expect(technicalScore(40, scoresFor('x', [8000, 8000, 8000, 8000, 8000])).dropped).toEqual(['e1', 'e5']);
    expect(technicalScore(40, [{ expertId: 'a', score: 8333 }, { expertId: 'b', score: 8334 }, { expertId: 'c', score: 8334 }]).score).toBe(3333); // 3333.47 -> 3333
    expect(technicalScore(50, scoresFor('x', [8001, 8001, 8001, 8001])).score).toBe(4001); // 4000.5 -> 4001
  });
});

describe('evaluateTender', () => {
  const committed: CommittedBid[] = [
    commit('bid-1', BIDDERS.anhuiJianGong, 'x', '2025-03-09T02:00:00Z'),
    commit('bid-2', BIDDERS.hefeiLuQiao, 'x', '2025-03-09T03:00:00Z'),
    commit('bid-3', BIDDERS.chuzhouJianTou, 'x', '2025-03-09T04:00:00Z'),
    commit('bid-4', BIDDERS.nanjingShiZheng, 'x', '2025-03-09T05:00:00Z'),
    commit('bid-5', '91340111MA2Q4B6N26', 'x', '2025-03-09T06:00:00Z'),
  ];
  const revealed: RevealedBid[] = [
    { bidId: 'bid-1', bid: bid(BIDDERS.anhuiJianGong, 4_600_000_000) },
    { bidId: 'bid-2', bid: bid(BIDDERS.hefeiLuQiao, 4_400_000_000) },
    { bidId: 'bid-3', bid: bid(BIDDERS.chuzhouJianTou, 4_800_000_000) },
    { bidId: 'bid-4', bid: bid(BIDDERS.nanjingShiZheng, 4_900_000_000) }, // above the ceiling of 48.5 million yuan
  ];
  const scores = [...scoresFor('bid-1', [9000, 8800, 9200, 8600, 9400]), ...scoresFor('bid-2', [8000, 8200, 7800, 8400, 7600]), ...scoresFor('bid-3', [8500, 8500, 8500, 8500, 8500])];

  it('ranks valid bids by total score and lists unrevealed and over-ceiling bids as invalid', () => {
    const result = evaluateTender(TENDER, committed, revealed, EXPERTS, scores);
    expect(result.invalid).toEqual([
      { bidId: 'bid-4', bidderCreditCode: BIDDERS.nanjingShiZheng, reason: 'above-ceiling-price' },
      { bidId: 'bid-5', bidderCreditCode: '91340111MA2Q4B6N26', reason: 'not-revealed' },
    ]);
    expect(result.lowestValidPrice).toBe(4_400_000_000);
    // bid-1: 6000 × 44/46 = 5739.13 -> 5739; experts 9000 8800 9200 8600 9400, drop 8600 and 9400, mean 9000 -> 3600
    // bid-2: lowest price -> 6000; drop 7600 and 8400, mean 8000 -> 3200;  bid-3: 6000 × 44/48 = 5500; 8500 -> 3400
    expect(result.ranking.map((r) => [r.rank, r.bidId, r.priceScore, r.technicalScore, r.totalScore])).toEqual([
      [1, 'bid-1', 5739, 3600, 9339],
      [2, 'bid-2', 6000, 3200, 9200],
      [3, 'bid-3', 5500, 3400, 8900],
    ]);
    expect(result.ranking[0]?.dropped).toEqual(['e4', 'e5']);
    expect(result.recommended).toEqual(result.ranking.map((r) => r.bidId));
  });

  it('breaks ties by technical score, then price, then earlier commitment', () => {
    const equal = [...scoresFor('bid-1', [8000, 8000, 8000]), ...scoresFor('bid-2', [8000, 8000, 8000]), ...scoresFor('bid-3', [8000, 8000, 8000])];
    const same = revealed.slice(0, 3).map((r) => ({ ...r, bid: { ...r.bid, price: 4_000_000_000 } }));
    const result = evaluateTender(TENDER, committed, same, EXPERTS.slice(0, 3), equal);
    expect(result.ranking.map((r) => r.bidId)).toEqual(['bid-1', 'bid-2', 'bid-3']);
    const later = committed.map((c) => (c.bidId === 'bid-1' ? { ...c, committedAt: '2025-03-09T09:00:00Z' } : c));
    expect(evaluateTender(TENDER, later, same, EXPERTS.slice(0, 3), equal).ranking.map((r) => r.bidId)).toEqual(['bid-2', 'bid-3', 'bid-1']);
  });

  it('refuses with fewer than 3 valid bids (流标), missing scores, undrawn or duplicate experts', () => {
    expect(() => evaluateTender(TENDER, committed, revealed.slice(0, 2), EXPERTS, scores)).toThrow(/^CONFLICT: .* 2 valid bid\(s\), fewer than 3/);
    expect(() => evaluateTender(TENDER, committed, revealed, EXPERTS, scores.slice(1))).toThrow(/evaluation incomplete: bid bid-1 lacks scores from e1/);
    expect(() => evaluateTender(TENDER, committed, revealed, EXPERTS, [...scores, { bidId: 'bid-1', expertId: 'e9', score: 1 }])).toThrow(/e9 scored bid bid-1 but was not drawn/);
    expect(() => evaluateTender(TENDER, committed, revealed, EXPERTS, [...scores, { bidId: 'bid-1', expertId: 'e1', score: 1 }])).toThrow(/e1 scored bid bid-1 twice/);
  });

  it('awards only a recommended candidate, with a reason unless it is the first', () => {
    const result = evaluateTender(TENDER, committed, revealed, EXPERTS, scores);
    const [first, second] = result.recommended;
    expect(checkAward(result, first as string, undefined).rank).toBe(1);
    expect(() => checkAward(result, second as string, undefined)).toThrow(/^INVALID_ARGUMENT: reason: is required/);
    expect(checkAward(result, second as string, '第一中标候选人放弃中标').rank).toBe(2);
    expect(() => checkAward(result, 'bid-4', 'x')).toThrow(/^CONFLICT: bid bid-4 is not among the recommended candidates/);
  });
});

describe('replayTender', () => {
  const sig: SignatureBlock = { algorithm: 'SM2-SM3', keyId: 'k', userId: '1234567812345678', value: '30' };
  const salt = 'aa'.repeat(16);
  const bids = [
    bid(BIDDERS.anhuiJianGong, 4_600_000_000),
    bid(BIDDERS.hefeiLuQiao, 4_400_000_000),
    bid(BIDDERS.chuzhouJianTou, 4_700_000_000),
  ];
  const commits: StoredRecord<BidCommitRecord>[] = bids.map((b, i) => ({
    record: { type: 'tender.bid.commit', id: `bid-${i + 1}`, department: 'hf-ggzy', tenderId: TENDER.tenderId, bidderCreditCode: b.bidderCreditCode, bidderName: `投标人${i + 1}`, commitment: bidCommitment(b, salt), signature: sig },
    txId: `tx-commit-${i + 1}`,
    committedAt: `2025-03-09T0${i + 1}:00:00.000Z`,
  }));
  const reveals: StoredRecord<BidRevealRecord>[] = bids.map((b, i) => ({
    record: { type: 'tender.bid.reveal', id: `reveal-${i + 1}`, department: 'hf-ggzy', tenderId: TENDER.tenderId, bidId: `bid-${i + 1}`, bid: b, salt, signature: sig },
    txId: `tx-reveal-${i + 1}`,
    committedAt: '2025-03-10T02:00:00.000Z',
  }));
  const committed = commits.map((c) => ({ bidId: c.record.id, bidderCreditCode: c.record.bidderCreditCode, bidderName: c.record.bidderName, commitment: c.record.commitment, commitTxId: c.txId, committedAt: c.committedAt }));
  const outcome = drawExperts(TENDER, committed, POOL, 'tx-draw', 'tx-publish');
  const scoreRecords: StoredRecord<ExpertScoreRecord>[] = outcome.drawn.flatMap((expertId, e) =>
    commits.map((c, b) => ({
      record: { type: 'tender.score' as const, id: `score-${expertId}-${c.record.id}`, department: expertId, tenderId: TENDER.tenderId, bidId: c.record.id, score: 7000 + 500 * b + 100 * e, signature: sig },
      txId: `tx-score-${e}-${b}`,
      committedAt: '2025-03-10T07:00:00.000Z',
    })),
  );
  const result = evaluateTender(TENDER, committed, reveals.map((r) => ({ bidId: r.record.bidId, bid: r.record.bid })), outcome.drawn, scoreRecords.map((s) => ({ bidId: s.record.bidId, expertId: s.record.department, score: s.record.score })));
  const ledger: TenderLedgerRecords = {
    tender: { record: { ...TENDER, signature: sig }, txId: 'tx-publish', committedAt: '2025-02-20T00:00:00.000Z' },
    commits,
    reveals,
    draw: { stored: { record: { type: 'tender.draw', id: 'draw-1', department: 'hf-ggzy', signature: sig }, txId: 'tx-draw', committedAt: '2025-03-10T01:40:00.000Z' }, outcome },
    scores: scoreRecords,
    result,
    award: { record: { type: 'tender.award', id: 'award-1', department: 'hf-zjj', tenderId: TENDER.tenderId, bidId: result.recommended[0] as string, signature: sig }, txId: 'tx-award', committedAt: '2025-03-12T00:00:00.000Z' },
  };

  it('reproduces the stored draw, result and award from the ledger records', () => {
    const replay = replayTender(ledger);
    expect(replay.problems).toEqual([]);
    expect(replay).toMatchObject({ ok: true, draw: { matches: true }, result: { matches: true }, award: { rank: 1, valid: true } });
  });

  it('detects a tampered draw, result, reveal, score signer and award signer', () => {
    const tamperedDraw = replayTender({ ...ledger, draw: { ...ledger.draw!, outcome: { ...outcome, drawn: [...outcome.drawn].reverse() } } });
    expect(tamperedDraw.ok).toBe(false);
    expect(tamperedDraw.problems).toContain('the stored draw differs from the draw recomputed from the ledger');

    const first = result.ranking[0]!;
    const tamperedResult = replayTender({ ...ledger, result: { ...result, ranking: [{ ...first, totalScore: first.totalScore + 1 }, ...result.ranking.slice(1)] } });
    expect(tamperedResult.problems).toEqual(['the stored result differs from the result recomputed from the ledger']);

    const badReveal = { ...reveals[0]!, record: { ...reveals[0]!.record, bid: { ...bids[0]!, price: 1 } } };
    expect(replayTender({ ...ledger, reveals: [badReveal, ...reveals.slice(1)] }).problems[0]).toMatch(/^reveal reveal-1: COMMITMENT_MISMATCH/);

    const intruder = { ...scoreRecords[0]!, record: { ...scoreRecords[0]!.record, id: 'score-x', department: 'exp-zj-zhou' } };
    expect(replayTender({ ...ledger, scores: [...scoreRecords, intruder] }).problems).toContain('score score-x is signed by exp-zj-zhou, who was not drawn');

    const wrongAwarder = { ...ledger.award!, record: { ...ledger.award!.record, department: 'hf-ggzy' } };
    expect(replayTender({ ...ledger, award: wrongAwarder })).toMatchObject({ ok: false, award: { valid: false } });
  });

  it('flags a commitment recorded after the bid deadline', () => {
    const late = { ...commits[0]!, committedAt: '2025-03-10T01:30:00.000Z' };
    expect(replayTender({ ...ledger, commits: [late, ...commits.slice(1)] }).problems[0]).toBe('commit bid-1 was recorded after the bid deadline');
  });
});
