/** JSON Schemas of the public-resource trading records (tender, sealed bids, draw, scores, evaluation, award). */
import { CREDIT_CODE_RULE, TIME_ORDER_RULE, creditCode, id, integer, l, object, oneOfValues, recordSchema, reference, sm3File, stringList, text, timestamp, PATTERNS, type FieldSchema, type RecordSchema } from '../schema-kit';
import { MAX_EXPERTS, MAX_PRICE_FEN, MAX_SCORE, MIN_EXPERTS, MIN_SALT_BYTES, SPECIALITY_PATTERN, TENDER_CATEGORIES } from './types';

const TENDER_ID = reference(l('项目编号', 'Tender id'));
const BID_ID = reference(l('投标编号', 'Bid id'));
const SPECIALITY: FieldSchema = { type: 'string', pattern: SPECIALITY_PATTERN.source, 'x-label': l('专业', 'Speciality'), examples: ['civil-engineering'] };
const PRICE = (label = l('金额（分）', 'Amount (fen)')): FieldSchema => integer(label, 1, MAX_PRICE_FEN, { 'x-format': 'fen' });
const BIDDER_CODE = creditCode(l('投标人统一社会信用代码', "Bidder's unified social credit code"));

export const tenderPublishSchema: RecordSchema = recordSchema({
  recordType: 'tender.publish',
  label: l('发布招标项目', 'Publish a tender'),
  properties: {
    tenderId: id(l('项目编号', 'Tender id'), { 'x-description': l('印在招标文件上的编号，可由系统生成', 'Printed on the tender documents; may be generated') }),
    title: text(l('项目名称', 'Title'), 256),
    category: oneOfValues(l('项目类别', 'Category'), TENDER_CATEGORIES, { works: l('工程', 'Works'), goods: l('货物', 'Goods'), services: l('服务', 'Services') }),
    purchaser: reference(l('招标人（部门）', 'Purchaser (department)')),
    documentDigest: sm3File(l('招标文件（SM3）', 'Tender documents (SM3)')),
    bidDeadline: timestamp(l('投标截止时间', 'Bid deadline')),
    revealDeadline: timestamp(l('开标（揭示）截止时间', 'Reveal deadline')),
    ceilingPrice: PRICE(l('最高投标限价（分）', 'Ceiling price (fen)')),
    criteria: object(
      l('评分权重', 'Evaluation weights'),
      { priceWeight: integer(l('价格分权重', 'Price weight'), 0, 100), technicalWeight: integer(l('技术分权重', 'Technical weight'), 0, 100) },
      ['priceWeight', 'technicalWeight'],
    ),
    experts: object(
      l('评标专家', 'Experts'),
      { count: integer(l('抽取人数', 'Number to draw'), MIN_EXPERTS, MAX_EXPERTS), specialities: stringList(l('所需专业', 'Specialities'), SPECIALITY, 1, 8) },
      ['count', 'specialities'],
    ),
    awardAuthority: reference(l('定标部门', 'Award authority'), { 'x-description': l('评定分离：不得为发布项目的交易中心', 'Separation of evaluation and award: never the publishing trading centre') }),
  },
  required: ['tenderId', 'title', 'category', 'purchaser', 'documentDigest', 'bidDeadline', 'revealDeadline', 'ceilingPrice', 'criteria', 'experts', 'awardAuthority'],
  rules: [
    TIME_ORDER_RULE('revealDeadline', 'bidDeadline'),
    { id: 'weights-sum-100', fields: ['criteria.technicalWeight'], label: l('价格分权重与技术分权重之和须为 100', 'priceWeight + technicalWeight must be 100') },
    { id: 'specialities-within-count', fields: ['experts.specialities'], label: l('所需专业数不得多于抽取人数', 'No more specialities than experts to draw') },
    { id: 'award-authority-not-publisher', fields: ['awardAuthority'], label: l('定标部门不得为发布部门（评定分离）', 'The award authority must not be the publishing department') },
  ],
});

export const expertProfileSchema: RecordSchema = recordSchema({
  recordType: 'tender.expert.profile',
  label: l('登记专家信息', 'Declare an expert profile'),
  properties: {
    specialities: stringList(l('专业', 'Specialities'), SPECIALITY, 1, 16),
    affiliations: stringList(l('回避单位（信用代码或部门编号）', 'Affiliations (credit codes or department ids)'), { type: 'string', pattern: PATTERNS.id, 'x-label': l('单位', 'Affiliation') }, 0, 64),
  },
  required: ['specialities', 'affiliations'],
});

export const bidCommitSchema: RecordSchema = recordSchema({
  recordType: 'tender.bid.commit',
  label: l('递交密封投标', 'Commit a sealed bid'),
  properties: {
    tenderId: TENDER_ID,
    bidderCreditCode: BIDDER_CODE,
    bidderName: text(l('投标人名称', 'Bidder name'), 128),
    commitment: { ...sm3File(l('投标承诺值（SM3）', 'Commitment (SM3 of bid and salt)')), 'x-format': 'hex' },
  },
  required: ['tenderId', 'bidderCreditCode', 'bidderName', 'commitment'],
  rules: [CREDIT_CODE_RULE('bidderCreditCode')],
});

export const bidRevealSchema: RecordSchema = recordSchema({
  recordType: 'tender.bid.reveal',
  label: l('揭示投标', 'Reveal a bid'),
  properties: {
    tenderId: TENDER_ID,
    bidId: BID_ID,
    bid: object(
      l('投标内容', 'Bid'),
      {
        tenderId: TENDER_ID,
        bidderCreditCode: BIDDER_CODE,
        price: PRICE(l('投标报价（分）', 'Price (fen)')),
        proposalDigest: sm3File(l('技术标（SM3）', 'Technical proposal (SM3)')),
        durationDays: integer(l('工期 / 交货期（天）', 'Duration (days)'), 1, 3650),
      },
      ['tenderId', 'bidderCreditCode', 'price', 'proposalDigest', 'durationDays'],
    ),
    salt: { type: 'string', minLength: MIN_SALT_BYTES * 2, maxLength: 4096, pattern: PATTERNS.hex, 'x-format': 'hex', 'x-label': l('盐值（十六进制，至少 16 字节）', 'Salt (hex, at least 16 bytes)') },
  },
  required: ['tenderId', 'bidId', 'bid', 'salt'],
  rules: [
    { id: 'bid-for-this-tender', fields: ['bid.tenderId'], label: l('投标内容的项目编号须与本记录一致', 'bid.tenderId must be the tender revealed for') },
    CREDIT_CODE_RULE('bid.bidderCreditCode'),
  ],
});

export const expertDrawSchema: RecordSchema = recordSchema({
  recordType: 'tender.draw',
  label: l('抽取评标专家', 'Draw the experts'),
  description: l('抽取结果由合约按账本数据计算，可复核', 'The committee is computed by the contract from ledger data; anyone can recompute it'),
  properties: { tenderId: TENDER_ID },
  required: ['tenderId'],
});

export const expertScoreSchema: RecordSchema = recordSchema({
  recordType: 'tender.score',
  label: l('专家评分', 'Submit a score'),
  properties: {
    tenderId: TENDER_ID,
    bidId: BID_ID,
    score: integer(l('技术分（百分之一分，0–10000）', 'Technical score (centi-points, 0–10000)'), 0, MAX_SCORE, { 'x-format': 'centi-points' }),
    sheetDigest: sm3File(l('评分表（SM3）', 'Scoring sheet (SM3)')),
  },
  required: ['tenderId', 'bidId', 'score'],
});

export const evaluateSchema: RecordSchema = recordSchema({
  recordType: 'tender.evaluate',
  label: l('计算评标结果', 'Close the evaluation'),
  description: l('评标结果由合约按账本数据计算', 'The result is computed by the contract from the ledger'),
  properties: { tenderId: TENDER_ID },
  required: ['tenderId'],
});

export const awardSchema: RecordSchema = recordSchema({
  recordType: 'tender.award',
  label: l('定标', 'Award the tender'),
  properties: { tenderId: TENDER_ID, bidId: BID_ID, reason: text(l('理由（未选第一名时必填）', 'Reason (needed if not the first candidate)'), 512) },
  required: ['tenderId', 'bidId'],
});

export const TENDER_SCHEMAS: readonly RecordSchema[] = [
  tenderPublishSchema,
  expertProfileSchema,
  bidCommitSchema,
  bidRevealSchema,
  expertDrawSchema,
  expertScoreSchema,
  evaluateSchema,
  awardSchema,
];
