/** JSON Schemas of the credit records (the single source for forms, OpenAPI bodies, docs and error hints). */
import {
  CREDIT_CODE_RULE,
  TIME_ORDER_RULE,
  creditCode,
  l,
  object,
  oneOfValues,
  recordSchema,
  reference,
  sm3File,
  stringList,
  text,
  timestamp,
  variantConst,
  type FieldSchema,
  type Label,
  type RecordSchema,
} from '../schema-kit';
import {
  BLACK_MEASURES,
  CREDIT_CATEGORIES,
  LICENCE_TYPES,
  RED_CATEGORIES,
  RED_MEASURES,
  SEVERITIES,
  type CreditCategory,
  type LicenceType,
  type Severity,
} from './types';

export const LICENCE_TYPE_LABELS: Readonly<Record<LicenceType, Label>> = {
  'business-licence': l('营业执照', 'Business licence'),
  'food-business': l('食品经营许可证', 'Food business licence'),
  'food-production': l('食品生产许可证', 'Food production licence'),
  'drug-business': l('药品经营许可证', 'Drug business licence'),
  'medical-device-business': l('医疗器械经营许可证', 'Medical device business licence'),
  'construction-qualification': l('建筑业企业资质证书', 'Construction enterprise qualification'),
  'production-safety': l('安全生产许可证', 'Production safety licence'),
  'pollutant-discharge': l('排污许可证', 'Pollutant discharge permit'),
  'road-transport': l('道路运输经营许可证', 'Road transport business licence'),
};

export const CREDIT_CATEGORY_LABELS: Readonly<Record<CreditCategory, Label>> = {
  'serious-illegal-dishonesty': l('严重违法失信', 'Serious illegal dishonesty'),
  'court-judgement-defaulter': l('失信被执行人', 'Court judgement defaulter'),
  'major-tax-violation': l('重大税收违法失信', 'Major tax violation'),
  'food-drug-safety': l('食品药品安全严重失信', 'Food and drug safety'),
  'environmental-violation': l('环境违法失信', 'Environmental violation'),
  'public-resource-trading-fraud': l('公共资源交易领域失信', 'Public-resource trading fraud'),
  'wage-arrears': l('拖欠农民工工资失信', 'Wage arrears'),
  'product-quality': l('产品质量严重失信', 'Product quality'),
  'a-class-taxpayer': l('纳税信用 A 级纳税人', 'A-class taxpayer'),
  'contract-abiding': l('守合同重信用企业', 'Contract-abiding enterprise'),
  'customs-advanced-certified': l('海关高级认证企业', 'Customs advanced certified enterprise'),
  'credit-model': l('诚信典型', 'Credit model'),
};

const BLACK_MEASURE_LABELS: Readonly<Record<(typeof BLACK_MEASURES)[number], Label>> = {
  'no-bidding': l('限制参与招标投标', 'No bidding'),
  'no-government-procurement': l('限制参与政府采购', 'No government procurement'),
  'no-subsidy': l('限制获得财政补贴', 'No subsidies'),
  'no-honours': l('限制评优评先', 'No honours'),
  'restricted-high-consumption': l('限制高消费', 'Restricted high consumption'),
  'enhanced-supervision': l('加强日常监管', 'Enhanced supervision'),
};

const RED_MEASURE_LABELS: Readonly<Record<(typeof RED_MEASURES)[number], Label>> = {
  'green-channel': l('绿色通道', 'Green channel'),
  'fewer-inspections': l('减少检查频次', 'Fewer inspections'),
  'priority-support': l('优先支持', 'Priority support'),
  'deposit-waiver': l('免交保证金', 'Deposit waiver'),
};

export const SEVERITY_LABELS: Readonly<Record<Severity, Label>> = {
  general: l('一般失信', 'General'),
  serious: l('严重失信', 'Serious'),
};

/** Every black-list measure, with `no-licence:<type>` spelled out for each licence type and `*` (all of them). */
export const BLACK_MEASURE_VALUES: readonly string[] = [...BLACK_MEASURES, ...LICENCE_TYPES.map((t) => `no-licence:${t}`), 'no-licence:*'];

const MEASURE_LABELS: Readonly<Record<string, Label>> = {
  ...BLACK_MEASURE_LABELS,
  ...RED_MEASURE_LABELS,
  ...Object.fromEntries(LICENCE_TYPES.map((t) => [`no-licence:${t}`, l(`不得取得${LICENCE_TYPE_LABELS[t]['zh-CN']}`, `No ${LICENCE_TYPE_LABELS[t].en.toLowerCase()}`)])),
  'no-licence:*': l('不得取得任何许可', 'No licence of any type'),
};

function measureList(values: readonly string[], minItems: number): FieldSchema {
  const item: FieldSchema = { type: 'string', enum: values, 'x-label': l('措施', 'Measure'), 'x-enumLabels': Object.fromEntries(values.map((v) => [v, MEASURE_LABELS[v] ?? l(v, v)])) };
  return stringList(l('惩戒或激励措施', 'Measures'), item, minItems, 32);
}

const BLACK_CATEGORIES = CREDIT_CATEGORIES.filter((c) => !(RED_CATEGORIES as readonly string[]).includes(c));

/** An organisation by its credit code, or a person by the salted SM3 digest of the ID number. */
export const CREDIT_SUBJECT_SCHEMA: FieldSchema = {
  type: 'object',
  'x-label': l('信用主体', 'Subject'),
  oneOf: [
    object(
      l('法人或其他组织', 'Organisation'),
      {
        kind: variantConst(l('主体类型', 'Subject kind'), 'organisation', l('法人或其他组织', 'Organisation')),
        creditCode: creditCode(l('统一社会信用代码', 'Unified social credit code')),
        name: text(l('名称', 'Name'), 256),
      },
      ['kind', 'creditCode', 'name'],
    ),
    object(
      l('自然人', 'Person'),
      {
        kind: variantConst(l('主体类型', 'Subject kind'), 'person', l('自然人', 'Person')),
        idDigest: sm3File(l('身份证号加盐摘要（SM3）', 'Salted SM3 digest of the ID number'), { 'x-format': 'hex' }),
        maskedName: text(l('脱敏姓名（含 *）', 'Masked name (contains *)'), 32, { pattern: '\\*' }),
      },
      ['kind', 'idDigest'],
    ),
  ],
};

const LIST_LABEL = l('名单', 'List');
const commonEntry = {
  subject: CREDIT_SUBJECT_SCHEMA,
  legalBasis: text(l('认定依据', 'Legal basis'), 512, { 'x-format': 'multiline' }),
  decisionNumber: text(l('决定文书号', 'Decision number'), 128, { examples: ['沪市监信〔2025〕12号'] }),
  validFrom: timestamp(l('公示起始时间', 'Valid from')),
  validTo: timestamp(l('公示截止时间', 'Valid to'), { 'x-description': l('不填：直至信用修复，或按严重程度的最长公示期', 'Omitted: until repaired, or the maximum publicity period of its severity') }),
};
const ENTRY_RULES = [TIME_ORDER_RULE('validTo', 'validFrom'), CREDIT_CODE_RULE('subject.creditCode')];

export const creditEntryBlackSchema: RecordSchema = recordSchema({
  recordType: 'credit.entry',
  variant: { name: 'black', field: 'list' },
  label: l('列入失信名单（黑名单）', 'Put a subject on the black list'),
  properties: {
    list: variantConst(LIST_LABEL, 'black', l('失信名单（黑名单）', 'Black list')),
    ...commonEntry,
    category: oneOfValues(l('失信类别', 'Category'), BLACK_CATEGORIES, CREDIT_CATEGORY_LABELS),
    measures: measureList(BLACK_MEASURE_VALUES, 1),
    severity: oneOfValues(l('严重程度', 'Severity'), SEVERITIES, SEVERITY_LABELS, { 'x-description': l('不填：按类别的默认严重程度', 'Omitted: the default severity of the category') }),
  },
  required: ['list', 'subject', 'category', 'legalBasis', 'measures', 'validFrom'],
  rules: ENTRY_RULES,
});

export const creditEntryRedSchema: RecordSchema = recordSchema({
  recordType: 'credit.entry',
  variant: { name: 'red', field: 'list' },
  label: l('列入守信激励名单（红名单）', 'Put a subject on the red list'),
  properties: {
    list: variantConst(LIST_LABEL, 'red', l('守信激励名单（红名单）', 'Red list')),
    ...commonEntry,
    category: oneOfValues(l('守信类别', 'Category'), RED_CATEGORIES, CREDIT_CATEGORY_LABELS),
    measures: measureList(RED_MEASURES, 0),
  },
  required: ['list', 'subject', 'category', 'legalBasis', 'measures', 'validFrom'],
  rules: ENTRY_RULES,
});

export const creditObjectionSchema: RecordSchema = recordSchema({
  recordType: 'credit.objection',
  label: l('登记异议', 'Record an objection'),
  properties: {
    entryId: reference(l('被异议的名单记录', 'Entry objected to')),
    grounds: text(l('异议理由', 'Grounds'), 2048, { 'x-format': 'multiline' }),
    evidenceDigest: sm3File(l('异议材料（SM3）', 'Objection file and evidence (SM3)')),
  },
  required: ['entryId', 'grounds', 'evidenceDigest'],
});

export const creditObjectionReviewSchema: RecordSchema = recordSchema({
  recordType: 'credit.objection.review',
  label: l('异议复核', 'Review an objection'),
  properties: {
    objectionId: reference(l('异议记录', 'Objection')),
    outcome: oneOfValues(l('复核结论', 'Outcome'), ['upheld', 'dismissed'] as const, { upheld: l('异议成立', 'Upheld'), dismissed: l('异议不成立', 'Dismissed') }),
    reason: text(l('理由', 'Reason'), 2048, { 'x-format': 'multiline' }),
  },
  required: ['objectionId', 'outcome', 'reason'],
});

const ALL_MEASURES = [...BLACK_MEASURE_VALUES, ...RED_MEASURES];
const ACTION_LABEL = l('处理方式', 'Action');

export const creditCorrectionSchema: RecordSchema = recordSchema({
  recordType: 'credit.correction',
  variant: { name: 'correct', field: 'action' },
  label: l('更正名单记录', 'Correct an entry'),
  properties: {
    entryId: reference(l('被更正的名单记录', 'Entry')),
    action: variantConst(ACTION_LABEL, 'correct', l('更正', 'Correct')),
    reason: text(l('理由', 'Reason'), 2048, { 'x-format': 'multiline' }),
    objectionId: reference(l('依据的异议记录', 'Upheld objection')),
    changes: {
      ...object(
        l('更正内容', 'Changes'),
        {
          legalBasis: text(l('认定依据', 'Legal basis'), 512),
          measures: { ...measureList(ALL_MEASURES, 0), 'x-description': l('须与原名单（黑/红）相符', "Must suit the entry's list (black or red)") },
          validTo: timestamp(l('公示截止时间', 'Valid to')),
        },
        [],
      ),
      minProperties: 1,
    },
  },
  required: ['entryId', 'action', 'reason', 'changes'],
  rules: [{ id: 'measures-suit-list', fields: [], label: l('更正的措施须与原名单相符（由合约按账本状态检查）', "Corrected measures must suit the entry's list (checked by the contract against the ledger)") }],
});

export const creditWithdrawalSchema: RecordSchema = recordSchema({
  recordType: 'credit.correction',
  variant: { name: 'withdraw', field: 'action' },
  label: l('撤销名单记录', 'Withdraw an entry'),
  properties: {
    entryId: reference(l('被撤销的名单记录', 'Entry')),
    action: variantConst(ACTION_LABEL, 'withdraw', l('撤销', 'Withdraw')),
    reason: text(l('理由', 'Reason'), 2048, { 'x-format': 'multiline' }),
    objectionId: reference(l('依据的异议记录', 'Upheld objection')),
  },
  required: ['entryId', 'action', 'reason'],
});

export const creditRepairApplySchema: RecordSchema = recordSchema({
  recordType: 'credit.repair.apply',
  label: l('受理信用修复申请', 'Record a repair application'),
  properties: {
    entryId: reference(l('申请修复的名单记录', 'Entry to repair')),
    grounds: text(l('申请理由', 'Grounds'), 2048, { 'x-format': 'multiline' }),
    evidenceDigest: sm3File(l('整改材料（SM3）', 'Evidence file (SM3)')),
  },
  required: ['entryId', 'grounds', 'evidenceDigest'],
});

export const creditRepairDecideSchema: RecordSchema = recordSchema({
  recordType: 'credit.repair.decide',
  label: l('信用修复决定', 'Decide a repair'),
  properties: {
    repairId: reference(l('修复申请', 'Repair application')),
    decision: oneOfValues(l('决定', 'Decision'), ['approved', 'rejected'] as const, { approved: l('准予修复', 'Approved'), rejected: l('不予修复', 'Rejected') }),
    reason: text(l('理由', 'Reason'), 2048, { 'x-format': 'multiline' }),
  },
  required: ['repairId', 'decision', 'reason'],
});

export const CREDIT_SCHEMAS: readonly RecordSchema[] = [
  creditEntryBlackSchema,
  creditEntryRedSchema,
  creditObjectionSchema,
  creditObjectionReviewSchema,
  creditCorrectionSchema,
  creditWithdrawalSchema,
  creditRepairApplySchema,
  creditRepairDecideSchema,
];

