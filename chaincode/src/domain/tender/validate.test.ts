import { sm2GenerateKeyPair, signRecord, type JsonValue } from '../../../crypto';
import { BIDDERS, TENDER } from './test-data';
import { validateAward, validateBidCommit, validateBidReveal, validateExpertProfile, validateExpertScore, validateTenderPublish } from './validate';

const signer = { privateKey: sm2GenerateKeyPair().privateKey, keyId: 'hf-ggzy#2025' };
const signed = (record: object): JsonValue => JSON.parse(JSON.stringify(signRecord(record, signer))) as JsonValue;
const errorsOf = (v: { ok: boolean; errors?: readonly { field: string; message: string }[] }): string[] => (v.ok ? [] : (v.errors ?? []).map((e) => `${e.field}: ${e.message}`));

describe('tender record validators', () => {
  it('accepts the Hefei road works tender', () => {
    expect(errorsOf(validateTenderPublish(signed(TENDER)))).toEqual([]);
  });

  it('refuses weights not adding to 100, reversed deadlines, self-award and too many specialities', () => {
    const bad = {
      ...TENDER,
      criteria: { priceWeight: 60, technicalWeight: 30 },
      revealDeadline: '2025-03-10T01:00:00Z',
      awardAuthority: TENDER.department,
      experts: { count: 3, specialities: ['a1', 'b1', 'c1', 'd1'] },
    };
    expect(errorsOf(validateTenderPublish(signed(bad)))).toEqual([
      'criteria.technicalWeight: priceWeight + technicalWeight must be 100',
      'experts.specialities: cannot list more specialities than experts to draw',
      'revealDeadline: must be after bidDeadline',
      'awardAuthority: must be a department other than the publishing trading centre (评定分离)',
    ]);
    expect(errorsOf(validateTenderPublish(signed({ ...TENDER, awardAuthority: TENDER.purchaser })))).toEqual([]); // 招标人定标
    expect(errorsOf(validateTenderPublish(signed({ ...TENDER, experts: { count: 2, specialities: ['municipal-roads'] } })))).toEqual(['experts.count: must be between 3 and 15']);
  });

  it('checks bidder credit codes, commitment length, salt length and the revealed tender id', () => {
    const commit = { type: 'tender.bid.commit', id: 'bid-1', department: 'hf-ggzy', tenderId: TENDER.tenderId, bidderCreditCode: BIDDERS.anhuiJianGong, bidderName: '安徽建工集团股份有限公司', commitment: 'ab'.repeat(32) };
    expect(errorsOf(validateBidCommit(signed(commit)))).toEqual([]);
    expect(errorsOf(validateBidCommit(signed({ ...commit, bidderCreditCode: '91340100MA2W1X3K8A', commitment: 'ab' })))).toEqual([
      'bidderCreditCode: is not a valid unified social credit code (GB 32100 check character)',
      'commitment: must be 32 bytes (64 hex characters)',
    ]);
    const bid = { tenderId: 'OTHER', bidderCreditCode: BIDDERS.anhuiJianGong, price: 4_600_000_000, proposalDigest: 'd'.repeat(64), durationDays: 240 };
    const reveal = { type: 'tender.bid.reveal', id: 'rv-1', department: 'hf-ggzy', tenderId: TENDER.tenderId, bidId: 'bid-1', bid, salt: 'aa'.repeat(8) };
    expect(errorsOf(validateBidReveal(signed(reveal)))).toEqual(['salt: must be at least 16 bytes', 'bid.tenderId: must be the tender revealed for']);
  });

  it('bounds scores to 0..10000 centi-points and validates profiles and awards', () => {
    const score = { type: 'tender.score', id: 's-1', department: 'exp-sh-wang', tenderId: TENDER.tenderId, bidId: 'bid-1', score: 10_001 };
    expect(errorsOf(validateExpertScore(signed(score)))).toEqual(['score: must be between 0 and 10000']);
    expect(errorsOf(validateExpertScore(signed({ ...score, score: 8850, sheetDigest: 'f'.repeat(64) })))).toEqual([]);
    const profile = { type: 'tender.expert.profile', id: 'p-1', department: 'exp-sh-wang', specialities: ['Municipal Roads'], affiliations: [] };
    expect(errorsOf(validateExpertProfile(signed(profile)))).toEqual(['specialities[0]: must match ^[a-z0-9][a-z0-9-]{1,63}$']);
    expect(errorsOf(validateAward(signed({ type: 'tender.award', id: 'a-1', department: 'hf-zjj', tenderId: TENDER.tenderId, bidId: 'bid-1' })))).toEqual([]);
  });
});
