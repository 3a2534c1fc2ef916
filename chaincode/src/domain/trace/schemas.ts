/** JSON Schemas of the traceability records: a batch, one schema per event kind, derivations, recalls. */
import { CREDIT_CODE_RULE, id, integer, l, object, oneOfValues, recordSchema, reference, sm3File, stringList, text, variantConst, type FieldSchema, type Label, type RecordSchema, type RuleNote } from '../schema-kit';
import { DERIVATION_KINDS, INPUT_CATEGORIES, MAX_QUANTITY, PRODUCER_KINDS, QUANTITY_UNITS, TRANSFER_ROLES, type DerivationKind, type TraceEventKind } from './types';

const PRODUCER_KIND_LABELS: Readonly<Record<(typeof PRODUCER_KINDS)[number], Label>> = {
  cooperative: l('农民专业合作社', 'Cooperative'),
  company: l('企业', 'Company'),
  'family-farm': l('家庭农场', 'Family farm'),
};
const UNIT_LABELS: Readonly<Record<(typeof QUANTITY_UNITS)[number], Label>> = {
  g: l('克', 'g'),
  kg: l('千克', 'kg'),
  t: l('吨', 't'),
  piece: l('件', 'piece'),
  box: l('箱', 'box'),
  bag: l('袋', 'bag'),
};
export const TRACE_EVENT_KIND_LABELS: Readonly<Record<TraceEventKind, Label>> = {
  planting: l('种植', 'Planting'),
  harvest: l('采收', 'Harvest'),
  inspection: l('检测', 'Inspection'),
  processing: l('加工', 'Processing'),
  shipment: l('运输', 'Shipment'),
  sale: l('销售', 'Sale'),
  transfer: l('交接', 'Transfer'),
  'input-use': l('投入品使用', 'Input use'),
};
const DERIVATION_LABELS: Readonly<Record<DerivationKind, Label>> = {
  split: l('拆分', 'Split'),
  merge: l('合并', 'Merge'),
  process: l('加工成新批次', 'Process into new batches'),
};

const QUANTITY = integer(l('数量', 'Quantity'), 1, MAX_QUANTITY);

/** The batch fields: a registration record's own, and each output of a derivation. */
const BATCH_PROPERTIES: Readonly<Record<string, FieldSchema>> = {
  batchId: id(l('批次号', 'Batch id'), { 'x-description': l('批次号印在标签上，可由系统生成', 'Printed on the label; may be generated') }),
  product: object(l('产品', 'Product'), { name: text(l('产品名称', 'Product name'), 64, { examples: ['六安瓜片'] }), standard: text(l('执行标准 / 地理标志', 'Standard or GI'), 64) }, ['name']),
  origin: object(
    l('产地', 'Origin'),
    {
      province: text(l('省', 'Province'), 32, { examples: ['安徽省'] }),
      city: text(l('市', 'City'), 32, { examples: ['六安市'] }),
      county: text(l('县（区）', 'County'), 32, { examples: ['金寨县'] }),
      place: text(l('乡镇 / 村 / 地块', 'Place'), 64),
    },
    ['province', 'city', 'county'],
  ),
  producer: object(
    l('生产主体', 'Producer'),
    {
      kind: oneOfValues(l('主体类型', 'Producer kind'), PRODUCER_KINDS, PRODUCER_KIND_LABELS),
      name: text(l('名称', 'Name'), 128),
      creditCode: { type: 'string', minLength: 18, maxLength: 18, pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$', 'x-format': 'credit-code', 'x-label': l('统一社会信用代码', 'Unified social credit code') },
    },
    ['kind', 'name', 'creditCode'],
  ),
  quantity: QUANTITY,
  unit: oneOfValues(l('单位', 'Unit'), QUANTITY_UNITS, UNIT_LABELS),
  harvestSeason: text(l('产季', 'Harvest season'), 16, { pattern: '^\\d{4}-(spring|summer|autumn|winter)$', examples: ['2024-spring'] }),
};
const BATCH_REQUIRED = ['batchId', 'product', 'origin', 'producer', 'quantity', 'unit', 'harvestSeason'];

export const traceBatchSchema: RecordSchema = recordSchema({
  recordType: 'trace.batch.register',
  label: l('登记产品批次', 'Register a batch'),
  properties: BATCH_PROPERTIES,
  required: BATCH_REQUIRED,
  rules: [CREDIT_CODE_RULE('producer.creditCode')],
});

const DETAILS: Readonly<Record<TraceEventKind, { readonly properties: Readonly<Record<string, FieldSchema>>; readonly required: readonly string[] }>> = {
  planting: { properties: { plot: text(l('地块', 'Plot'), 128), variety: text(l('品种', 'Variety'), 64) }, required: ['plot'] },
  harvest: { properties: { method: text(l('采收方式', 'Method'), 128) }, required: [] },
  inspection: {
    properties: {
      laboratory: text(l('检测机构', 'Laboratory'), 128),
      reportNumber: text(l('报告编号', 'Report number'), 64),
      reportDigest: sm3File(l('检测报告（SM3）', 'Inspection report (SM3)')),
      result: oneOfValues(l('检测结论', 'Result'), ['pass', 'fail'] as const, { pass: l('合格', 'Pass'), fail: l('不合格', 'Fail') }),
      items: stringList(l('检测项目', 'Items'), { type: 'string', maxLength: 64, 'x-label': l('项目', 'Item') }, 1, 64),
    },
    required: ['laboratory', 'reportNumber', 'reportDigest', 'result'],
  },
  processing: { properties: { process: text(l('加工工艺', 'Process'), 128, { examples: ['杀青、揉捻、烘焙'] }) }, required: ['process'] },
  shipment: { properties: { from: text(l('起运地', 'From'), 128), to: text(l('目的地', 'To'), 128), carrier: text(l('承运人', 'Carrier'), 128) }, required: ['from', 'to'] },
  sale: { properties: { seller: text(l('销售方', 'Seller'), 128), channel: text(l('销售渠道', 'Channel'), 64) }, required: ['seller'] },
  transfer: {
    properties: {
      to: reference(l('接收部门', 'Receiving department')),
      as: oneOfValues(l('接收身份', 'Received as'), TRANSFER_ROLES, { processor: l('加工方', 'Processor'), carrier: l('承运方', 'Carrier'), seller: l('销售方', 'Seller') }),
    },
    required: ['to', 'as'],
  },
  'input-use': {
    properties: {
      category: oneOfValues(l('投入品类别', 'Input category'), INPUT_CATEGORIES, {
        fertiliser: l('肥料', 'Fertiliser'),
        pesticide: l('农药', 'Pesticide'),
        'veterinary-drug': l('兽药', 'Veterinary drug'),
        feed: l('饲料', 'Feed'),
        other: l('其他', 'Other'),
      }),
      name: text(l('投入品名称', 'Product name'), 128),
      dose: text(l('用量（含单位）', 'Dose (with unit)'), 64, { examples: ['20 g/亩'] }),
      safetyIntervalDays: integer(l('安全间隔期（天）', 'Safety interval (days)'), 0, 365),
    },
    required: ['category', 'name', 'dose'],
  },
};

/** One schema per event kind: the record type is `trace.event`, the variant its `kind`. */
export const traceEventSchemas: readonly RecordSchema[] = (Object.keys(DETAILS) as TraceEventKind[]).map((kind) =>
  recordSchema({
    recordType: 'trace.event',
    variant: { name: kind, field: 'kind' },
    label: l(`记录${TRACE_EVENT_KIND_LABELS[kind]['zh-CN']}事件`, `Record ${/^[aeiou]/i.test(TRACE_EVENT_KIND_LABELS[kind].en) ? 'an' : 'a'} ${TRACE_EVENT_KIND_LABELS[kind].en.toLowerCase()} event`),
    properties: {
      batchId: reference(l('批次号', 'Batch id')),
      kind: variantConst(l('事件类型', 'Event kind'), kind, TRACE_EVENT_KIND_LABELS[kind]),
      occurredAt: {
        type: 'string',
        minLength: 1,
        maxLength: 35,
        pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,3})?(Z|[+-](0\\d|1[0-4]):[0-5]\\d)$',
        'x-format': 'zoned-timestamp',
        'x-label': l('发生时间（含时区）', 'Occurred at (with time zone)'),
        examples: ['2025-03-01T08:00:00+08:00'],
      },
      details: object(l(`${TRACE_EVENT_KIND_LABELS[kind]['zh-CN']}详情`, `${TRACE_EVENT_KIND_LABELS[kind].en} details`), DETAILS[kind].properties, DETAILS[kind].required),
      note: text(l('备注', 'Note'), 512, { 'x-format': 'multiline' }),
    },
    required: ['batchId', 'kind', 'occurredAt', 'details'],
  }),
);

const DERIVATION_RULES: readonly RuleNote[] = [CREDIT_CODE_RULE('outputs[].producer.creditCode')];

export const traceDerivationSchemas: readonly RecordSchema[] = DERIVATION_KINDS.map((kind) =>
  recordSchema({
    recordType: 'trace.derivation',
    variant: { name: kind, field: 'kind' },
    label: l(`批次${DERIVATION_LABELS[kind]['zh-CN']}`, `Derive batches: ${DERIVATION_LABELS[kind].en.toLowerCase()}`),
    properties: {
      kind: variantConst(l('衍生方式', 'Derivation kind'), kind, DERIVATION_LABELS[kind]),
      inputs: {
        type: 'array',
        minItems: 1,
        maxItems: 64,
        'x-label': l('投入批次', 'Input batches'),
        items: object(l('投入批次', 'Input batch'), { batchId: reference(l('批次号', 'Batch id')), quantity: integer(l('取用数量（原批次单位）', 'Quantity taken (input unit)'), 1, MAX_QUANTITY) }, ['batchId', 'quantity']),
      },
      outputs: { type: 'array', minItems: 1, maxItems: 64, 'x-label': l('产出批次', 'Output batches'), items: object(l('产出批次', 'Output batch'), BATCH_PROPERTIES, BATCH_REQUIRED) },
      process: text(l('加工工艺', 'Process'), 256),
    },
    required: kind === 'process' ? ['kind', 'inputs', 'outputs', 'process'] : ['kind', 'inputs', 'outputs'],
    rules: DERIVATION_RULES,
  }),
);

export const traceRecallSchema: RecordSchema = recordSchema({
  recordType: 'trace.recall',
  label: l('召回批次', 'Recall a batch'),
  description: l('召回该批次及由其衍生的全部批次', 'Recalls the batch and every batch made from it'),
  properties: {
    batchId: reference(l('批次号', 'Batch id')),
    reason: text(l('召回原因', 'Reason'), 512, { 'x-format': 'multiline' }),
    legalBasis: text(l('法律依据', 'Legal basis'), 256, { examples: ['《中华人民共和国食品安全法》第六十三条'] }),
  },
  required: ['batchId', 'reason', 'legalBasis'],
});

export const TRACE_SCHEMAS: readonly RecordSchema[] = [traceBatchSchema, ...traceEventSchemas, ...traceDerivationSchemas, traceRecallSchema];
