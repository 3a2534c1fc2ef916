/** The Chinese names printed on the PDFs (credit categories, measures, lists, statuses). */
export const CATEGORY_ZH: Readonly<Record<string, string>> = {
  'serious-illegal-dishonesty': '严重违法失信',
  'court-judgement-defaulter': '失信被执行人',
  'major-tax-violation': '重大税收违法失信',
  'food-drug-safety': '食品药品安全严重失信',
  'environmental-violation': '环境违法失信',
  'public-resource-trading-fraud': '公共资源交易领域失信',
  'wage-arrears': '拖欠农民工工资失信',
  'product-quality': '产品质量严重失信',
  'a-class-taxpayer': '纳税信用A级纳税人',
  'contract-abiding': '守合同重信用企业',
  'customs-advanced-certified': '海关高级认证企业',
  'credit-model': '诚信典型',
};

const MEASURE_ZH: Readonly<Record<string, string>> = {
  'no-bidding': '限制参与招标投标',
  'no-government-procurement': '限制参与政府采购',
  'no-subsidy': '限制申请财政补贴',
  'no-honours': '限制评优评先',
  'restricted-high-consumption': '限制高消费',
  'enhanced-supervision': '加强监管',
  'green-channel': '绿色通道',
  'fewer-inspections': '减少检查频次',
  'priority-support': '优先扶持',
  'deposit-waiver': '免收保证金',
};

const LICENCE_ZH: Readonly<Record<string, string>> = {
  'business-licence': '营业执照',
  'food-business': '食品经营许可证',
  'food-production': '食品生产许可证',
  'drug-business': '药品经营许可证',
  'medical-device-business': '医疗器械经营许可证',
  'construction-qualification': '建筑业企业资质证书',
  'production-safety': '安全生产许可证',
  'pollutant-discharge': '排污许可证',
  'road-transport': '道路运输经营许可证',
  '*': '全部证照',
};

export function measureZh(measure: string): string {
  if (measure.startsWith('no-licence:')) return `限制申领${LICENCE_ZH[measure.slice('no-licence:'.length)] ?? measure}`;
  return MEASURE_ZH[measure] ?? measure;
}

export const LIST_ZH: Readonly<Record<string, string>> = { black: '失信主体名单（黑名单）', red: '守信激励名单（红名单）' };
export const STATUS_ZH: Readonly<Record<string, string>> = { 'in-force': '有效期内', repaired: '已修复', expired: '已到期' };

/** An instant in China Standard Time: 2025-03-10 08:00. */
export function cst(iso: string | null | undefined, withTime = false): string {
  const ms = iso === null || iso === undefined ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  const text = new Date(ms + 8 * 3_600_000).toISOString();
  return withTime ? `${text.slice(0, 10)} ${text.slice(11, 16)}（北京时间）` : text.slice(0, 10);
}
