/** JSON Schemas of the department registry records (register, update, rotate and revoke keys). */
import { CREDIT_CODE_RULE, TIME_ORDER_RULE, creditCode, keyId, l, object, oneOfValues, recordSchema, stringList, text, timestamp, type FieldSchema, type Label, type RecordSchema, type RuleNote } from '../schema-kit';
import { PROVINCES, type Province } from '../region';
import { KEY_REVOCATION_REASONS, ROLES, TIERS, type KeyRevocationReason, type Role, type Tier } from './types';

export const PROVINCE_LABELS: Readonly<Record<Province, Label>> = {
  shanghai: l('上海市', 'Shanghai'),
  jiangsu: l('江苏省', 'Jiangsu'),
  zhejiang: l('浙江省', 'Zhejiang'),
  anhui: l('安徽省', 'Anhui'),
};
export const TIER_LABELS: Readonly<Record<Tier, Label>> = {
  province: l('省级', 'Province'),
  city: l('市级', 'City'),
  county: l('县级', 'County'),
};
export const ROLE_LABELS: Readonly<Record<Role, Label>> = {
  'credit-issuer': l('信用认定部门', 'Credit issuer'),
  'licence-issuer': l('证照签发部门', 'Licence issuer'),
  'trace-actor': l('生产经营主体', 'Trace actor'),
  regulator: l('监管部门', 'Regulator'),
  'trading-centre': l('公共资源交易中心', 'Trading centre'),
  expert: l('评标专家', 'Expert'),
  'data-sharing-officer': l('数据专员', 'Data-sharing officer'),
  auditor: l('审计', 'Auditor'),
  gateway: l('省级网关', 'Province gateway'),
  laboratory: l('检验检测机构', 'Laboratory'),
};
const REVOCATION_LABELS: Readonly<Record<KeyRevocationReason, Label>> = {
  'key-compromise': l('密钥泄露', 'Key compromise'),
  superseded: l('已被替换', 'Superseded'),
  'cessation-of-operation': l('停止使用', 'Cessation of operation'),
  administrative: l('管理原因', 'Administrative'),
};

const KEY_SPEC: FieldSchema = object(
  l('SM2 公钥', 'SM2 public key'),
  {
    keyId: keyId(l('密钥编号', 'Key id')),
    publicKey: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^(-----BEGIN[\\s\\S]*|04[0-9a-fA-F]{128})$', 'x-format': 'sm2-public-key', 'x-label': l('公钥（PEM 或 04 开头的十六进制）', 'Public key (SPKI PEM or uncompressed hex starting 04)') },
    validFrom: timestamp(l('生效时间', 'Valid from')),
    validTo: timestamp(l('失效时间', 'Valid to'), { 'x-description': l('不填：直至撤销', 'Omitted: valid until revoked') }),
  },
  ['keyId', 'publicKey', 'validFrom'],
);
const KEY_RULES: readonly RuleNote[] = [
  { id: 'sm2-public-key-on-curve', fields: ['key.publicKey'], label: l('公钥须为 SM2 曲线上的点', 'The public key must be a point on the SM2 curve') },
  { ...TIME_ORDER_RULE('key.validTo', 'key.validFrom') },
];

const PROFILE: Readonly<Record<string, FieldSchema>> = {
  nameZh: text(l('中文名称', 'Chinese name'), 128),
  nameEn: text(l('英文名称', 'English name'), 256),
  province: oneOfValues(l('省份', 'Province'), PROVINCES, PROVINCE_LABELS),
  city: text(l('城市', 'City'), 64),
  county: text(l('县（区）', 'County'), 64, { 'x-description': l('县级部门必填', 'Required for a county-tier department') }),
  tier: oneOfValues(l('层级', 'Tier'), TIERS, TIER_LABELS),
  roles: stringList(l('角色', 'Roles'), { type: 'string', enum: [...ROLES], 'x-label': l('角色', 'Role'), 'x-enumLabels': ROLE_LABELS }, 1, ROLES.length),
  creditCode: creditCode(l('统一社会信用代码（代表市场主体的部门）', 'Unified social credit code (departments acting for a market subject)')),
  divisionCode: text(l('行政区划代码（GB/T 2260）', 'Division code (GB/T 2260)'), 6, { pattern: '^\\d{6}$' }),
};
const PROFILE_REQUIRED = ['nameZh', 'nameEn', 'province', 'city', 'tier', 'roles'];
const PROFILE_RULES: readonly RuleNote[] = [
  { id: 'county-for-county-tier', fields: ['county'], label: l('县级部门须填写县（区）', 'A county-tier department names its county') },
  CREDIT_CODE_RULE('creditCode'),
];

export const departmentRegisterSchema: RecordSchema = recordSchema({
  recordType: 'department.register',
  label: l('登记部门', 'Register a department'),
  description: l('由所引入的密钥签名（证明持有私钥），由本省网关提交', 'Signed by the key it introduces (proof of possession); submitted by the province gateway'),
  properties: { ...PROFILE, key: KEY_SPEC },
  required: [...PROFILE_REQUIRED, 'key'],
  rules: [...PROFILE_RULES, ...KEY_RULES],
});

export const departmentUpdateSchema: RecordSchema = recordSchema({
  recordType: 'department.update',
  label: l('更新部门信息', 'Update a department'),
  properties: PROFILE,
  required: PROFILE_REQUIRED,
  rules: PROFILE_RULES,
});

export const keyRotateSchema: RecordSchema = recordSchema({
  recordType: 'department.key.rotate',
  label: l('轮换密钥', 'Rotate a key'),
  properties: { key: KEY_SPEC, supersedes: keyId(l('被替换的密钥', 'Key superseded')) },
  required: ['key'],
  rules: KEY_RULES,
});

export const keyRevokeSchema: RecordSchema = recordSchema({
  recordType: 'department.key.revoke',
  label: l('撤销密钥', 'Revoke a key'),
  properties: { keyId: keyId(l('密钥编号', 'Key id')), reason: oneOfValues(l('撤销原因', 'Reason'), KEY_REVOCATION_REASONS, REVOCATION_LABELS) },
  required: ['keyId', 'reason'],
});

export const DEPARTMENT_SCHEMAS: readonly RecordSchema[] = [departmentRegisterSchema, departmentUpdateSchema, keyRotateSchema, keyRevokeSchema];
