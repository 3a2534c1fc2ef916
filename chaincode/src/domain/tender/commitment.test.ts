import { bytesToHex, concatBytes, hexToBytes, sm3, utf8Encode } from '../../../crypto';
import { ChaincodeError } from '../../errors';
import { bidCommitment, checkReveal, requireCommitWindow, requireDrawWindow, requireRevealWindow, requireScoringWindow } from './commitment';
import { BIDDERS, TENDER, commit } from './test-data';
import type { BidContent } from './types';

const SALT = '00112233445566778899aabbccddeeff';
const BID: BidContent = { tenderId: TENDER.tenderId, bidderCreditCode: BIDDERS.anhuiJianGong, price: 4_612_345_600, proposalDigest: 'd'.repeat(64), durationDays: 240 };

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof ChaincodeError) return error.code;
    throw error;
  }
  return 'ACCEPTED';
}

describe('sealed bid commitment', () => {
  it('is SM3 over the canonical JSON of the bid followed by the salt bytes', () => {
    const canonical = `{"bidderCreditCode":"${BIDDERS.anhuiJianGong}","durationDays":240,"price":4612345600,"proposalDigest":"${'d'.repeat(64)}","tenderId":"${TENDER.tenderId}"}`;
    expect(bidCommitment(BID, SALT)).toBe(bytesToHex(sm3(concatBytes(utf8Encode(canonical), hexToBytes(SALT)))));
  });

  it('does not depend on key order, and changes with price or salt', () => {
    const reordered: BidContent = { durationDays: 240, price: BID.price, proposalDigest: BID.proposalDigest, bidderCreditCode: BID.bidderCreditCode, tenderId: BID.tenderId };
    expect(bidCommitment(reordered, SALT)).toBe(bidCommitment(BID, SALT));
    expect(bidCommitment({ ...BID, price: BID.price + 1 }, SALT)).not.toBe(bidCommitment(BID, SALT));
    expect(bidCommitment(BID, SALT.replace('00', '01'))).not.toBe(bidCommitment(BID, SALT));
  });

  it('accepts the matching reveal and refuses a changed price, salt, bidder or tender with COMMITMENT_MISMATCH', () => {
    const committed = commit('bid-1', BIDDERS.anhuiJianGong, bidCommitment(BID, SALT));
    expect(codeOf(() => checkReveal(committed, TENDER.tenderId, BID, SALT))).toBe('ACCEPTED');
    expect(codeOf(() => checkReveal(committed, TENDER.tenderId, { ...BID, price: 4_000_000_000 }, SALT))).toBe('COMMITMENT_MISMATCH');
    expect(codeOf(() => checkReveal(committed, TENDER.tenderId, BID, SALT.replace('ff', 'fe')))).toBe('COMMITMENT_MISMATCH');
    expect(codeOf(() => checkReveal(committed, TENDER.tenderId, { ...BID, bidderCreditCode: BIDDERS.hefeiLuQiao }, SALT))).toBe('COMMITMENT_MISMATCH');
    expect(codeOf(() => checkReveal(committed, 'OTHER-TENDER', BID, SALT))).toBe('COMMITMENT_MISMATCH');
  });
});

describe('tender time windows (transaction time)', () => {
  it('accepts commitments strictly before the bid deadline only', () => {
    expect(codeOf(() => requireCommitWindow(TENDER, '2025-03-10T01:29:59.999Z'))).toBe('ACCEPTED');
    expect(codeOf(() => requireCommitWindow(TENDER, '2025-03-10T01:30:00.000Z'))).toBe('DEADLINE_PASSED');
  });

  it('accepts reveals from the bid deadline to strictly before the reveal deadline', () => {
    expect(codeOf(() => requireRevealWindow(TENDER, '2025-03-10T01:29:59.999Z'))).toBe('TOO_EARLY');
    expect(codeOf(() => requireRevealWindow(TENDER, '2025-03-10T01:30:00.000Z'))).toBe('ACCEPTED');
    expect(codeOf(() => requireRevealWindow(TENDER, '2025-03-10T05:59:59.999Z'))).toBe('ACCEPTED');
    expect(codeOf(() => requireRevealWindow(TENDER, '2025-03-10T06:00:00.000Z'))).toBe('DEADLINE_PASSED');
  });

  it('draws after the bid deadline and scores after the reveal deadline', () => {
    expect(codeOf(() => requireDrawWindow(TENDER, '2025-03-10T01:00:00Z'))).toBe('TOO_EARLY');
    expect(codeOf(() => requireDrawWindow(TENDER, '2025-03-10T02:00:00Z'))).toBe('ACCEPTED');
    expect(codeOf(() => requireScoringWindow(TENDER, '2025-03-10T05:00:00Z'))).toBe('TOO_EARLY');
    expect(codeOf(() => requireScoringWindow(TENDER, '2025-03-10T06:00:00Z'))).toBe('ACCEPTED');
  });
});
