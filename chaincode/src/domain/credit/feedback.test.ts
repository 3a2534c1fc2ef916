import { punishmentFeedback, refusalDetail } from './feedback';
import { creditView, jointPunishment } from './rules';
import type { CreditEntryState } from './types';

const ENTRY: CreditEntryState = {
  entryId: 'e-1',
  list: 'black',
  subject: { kind: 'organisation', creditCode: '91341182MA2NX7UG0P', name: '明光市皖东绿豆食品有限公司' },
  subjectKey: 'org:91341182MA2NX7UG0P',
  category: 'public-resource-trading-fraud',
  legalBasis: '《招标投标法》第五十四条',
  measures: ['no-bidding'],
  department: 'ah-cz-scjgj',
  province: 'anhui',
  validFrom: '2025-01-01T00:00:00Z',
  status: 'active',
  recordedAt: '2025-01-01T00:00:00Z',
};
const ATTEMPT = { recordId: 'bid-9', recordType: 'tender.bid.commit', department: 'js-nj-ggzy' };

describe('joint-punishment feedback', () => {
  it('a refusal names who was stopped, from what, by which entry and issuer, when and in which transaction', () => {
    const at = '2025-06-01T00:00:00Z';
    const decision = jointPunishment(creditView(ENTRY.subjectKey, [ENTRY], at), { kind: 'bid' }, at);
    const feedback = punishmentFeedback(ENTRY.subjectKey, { kind: 'bid' }, decision, ATTEMPT, at, 'tx-42');
    expect(feedback).toEqual({
      feedbackId: 'jpf-tx-42',
      txId: 'tx-42',
      at,
      subjectKey: 'org:91341182MA2NX7UG0P',
      action: 'bid',
      refusedRecordId: 'bid-9',
      refusedRecordType: 'tender.bid.commit',
      refusedFor: 'js-nj-ggzy',
      blockedBy: [{ entryId: 'e-1', measure: 'no-bidding', department: 'ah-cz-scjgj', province: 'anhui' }],
      issuers: ['ah-cz-scjgj'],
    });
    expect(refusalDetail(feedback as NonNullable<typeof feedback>)).toBe('org:91341182MA2NX7UG0P may not be granted bid: measure no-bidding of entry e-1 (ah-cz-scjgj, anhui); feedback jpf-tx-42');
  });

  it('nothing to record when the action is allowed (the entry expired, or the measure does not bar it)', () => {
    const later = '2029-01-01T00:00:00Z';
    expect(punishmentFeedback(ENTRY.subjectKey, { kind: 'bid' }, jointPunishment(creditView(ENTRY.subjectKey, [ENTRY], later), { kind: 'bid' }, later), ATTEMPT, later, 'tx-1')).toBeUndefined();
    const at = '2025-06-01T00:00:00Z';
    const licence = { kind: 'licence', licenceType: 'food-business' } as const;
    expect(punishmentFeedback(ENTRY.subjectKey, licence, jointPunishment(creditView(ENTRY.subjectKey, [ENTRY], at), licence, at), ATTEMPT, at, 'tx-2')).toBeUndefined();
  });
});
