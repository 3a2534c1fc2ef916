/** Shape validators of the tender records (pure; field-named errors, unknown fields refused). */
import { recordValidator } from '../../records/common';
import { Fields, ID_PATTERN, timeOf } from '../../records/fields';
import { isValidCreditCode } from '../trace/subject';
import {
  MAX_EXPERTS,
  MAX_PRICE_FEN,
  MAX_SCORE,
  MIN_EXPERTS,
  MIN_SALT_BYTES,
  SPECIALITY_PATTERN,
  TENDER_CATEGORIES,
  type AwardRecord,
  type BidCommitRecord,
  type BidContent,
  type BidRevealRecord,
  type EvaluateRecord,
  type ExpertDrawRecord,
  type ExpertProfileRecord,
  type ExpertScoreRecord,
  type TenderPublishRecord,
} from './types';

export { MAX_EXPERTS, MAX_PRICE_FEN, MAX_SCORE, MIN_EXPERTS, MIN_SALT_BYTES, SPECIALITY_PATTERN };

function creditCode(fields: Fields, name: string): string {
  const code = fields.string(name, { min: 18, max: 18 });
  if (code.length === 18 && !isValidCreditCode(code)) fields.error(name, 'is not a valid unified social credit code (GB 32100 check character)');
  return code;
}

export const validateTenderPublish = recordValidator<TenderPublishRecord>('tender.publish', (fields) => {
  const tenderId = fields.id('tenderId');
  const title = fields.string('title', { max: 256 });
  const category = fields.oneOf('category', TENDER_CATEGORIES);
  const purchaser = fields.id('purchaser');
  const documentDigest = fields.hex('documentDigest', 32);
  const bidDeadline = fields.timestamp('bidDeadline');
  const revealDeadline = fields.timestamp('revealDeadline');
  const ceilingPrice = fields.integer('ceilingPrice', 1, MAX_PRICE_FEN);
  const c = fields.object('criteria');
  const criteria = { priceWeight: c.integer('priceWeight', 0, 100), technicalWeight: c.integer('technicalWeight', 0, 100) };
  if (criteria.priceWeight + criteria.technicalWeight !== 100) c.error('technicalWeight', 'priceWeight + technicalWeight must be 100');
  c.end();
  const e = fields.object('experts');
  const count = e.integer('count', MIN_EXPERTS, MAX_EXPERTS);
  const specialities = e.stringArray('specialities', (s) => (SPECIALITY_PATTERN.test(s) ? undefined : `must match ${SPECIALITY_PATTERN.source}`), 1, 8);
  if (specialities.length > count) e.error('specialities', 'cannot list more specialities than experts to draw');
  e.end();
  const awardAuthority = fields.id('awardAuthority');
  if (bidDeadline !== '' && revealDeadline !== '' && !Number.isNaN(timeOf(bidDeadline)) && timeOf(revealDeadline) <= timeOf(bidDeadline)) {
    fields.error('revealDeadline', 'must be after bidDeadline');
  }
  if (awardAuthority !== '' && awardAuthority === fields.raw('department')) fields.error('awardAuthority', 'must be a department other than the publishing trading centre (评定分离)');
  return { tenderId, title, category, purchaser, documentDigest, bidDeadline, revealDeadline, ceilingPrice, criteria, experts: { count, specialities }, awardAuthority };
});

export const validateExpertProfile = recordValidator<ExpertProfileRecord>('tender.expert.profile', (fields) => ({
  specialities: fields.stringArray('specialities', (s) => (SPECIALITY_PATTERN.test(s) ? undefined : `must match ${SPECIALITY_PATTERN.source}`), 1, 16),
  affiliations: fields.stringArray('affiliations', (a) => (ID_PATTERN.test(a) ? undefined : 'must be a credit code or department id'), 0, 64),
}));

export const validateBidCommit = recordValidator<BidCommitRecord>('tender.bid.commit', (fields) => ({
  tenderId: fields.id('tenderId'),
  bidderCreditCode: creditCode(fields, 'bidderCreditCode'),
  bidderName: fields.string('bidderName', { max: 128 }),
  commitment: fields.hex('commitment', 32),
}));

export function readBidContent(fields: Fields): BidContent {
  const bid: BidContent = {
    tenderId: fields.id('tenderId'),
    bidderCreditCode: creditCode(fields, 'bidderCreditCode'),
    price: fields.integer('price', 1, MAX_PRICE_FEN),
    proposalDigest: fields.hex('proposalDigest', 32),
    durationDays: fields.integer('durationDays', 1, 3650),
  };
  fields.end();
  return bid;
}

export const validateBidReveal = recordValidator<BidRevealRecord>('tender.bid.reveal', (fields) => {
  const tenderId = fields.id('tenderId');
  const bidId = fields.id('bidId');
  const bid = readBidContent(fields.object('bid'));
  const salt = fields.hex('salt');
  if (salt !== '' && salt.length < MIN_SALT_BYTES * 2) fields.error('salt', `must be at least ${MIN_SALT_BYTES} bytes`);
  if (bid.tenderId !== '' && tenderId !== '' && bid.tenderId !== tenderId) fields.error('bid.tenderId', 'must be the tender revealed for');
  return { tenderId, bidId, bid, salt };
});

export const validateExpertDraw = recordValidator<ExpertDrawRecord>('tender.draw', (fields) => ({ tenderId: fields.id('tenderId') }));

export const validateExpertScore = recordValidator<ExpertScoreRecord>('tender.score', (fields) => {
  const body = { tenderId: fields.id('tenderId'), bidId: fields.id('bidId'), score: fields.integer('score', 0, MAX_SCORE) };
  const sheetDigest = fields.has('sheetDigest') ? fields.hex('sheetDigest', 32) : (fields.raw('sheetDigest'), undefined);
  return sheetDigest === undefined ? body : { ...body, sheetDigest };
});

export const validateEvaluate = recordValidator<EvaluateRecord>('tender.evaluate', (fields) => ({ tenderId: fields.id('tenderId') }));

export const validateAward = recordValidator<AwardRecord>('tender.award', (fields) => {
  const body = { tenderId: fields.id('tenderId'), bidId: fields.id('bidId') };
  const reason = fields.optionalString('reason', { max: 512 });
  return reason === undefined ? body : { ...body, reason };
});
