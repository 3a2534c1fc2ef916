/** JSON Schemas of the e-licence records (the single source for forms, OpenAPI bodies, docs and error hints). */
import { CREDIT_CODE_RULE, TIME_ORDER_RULE, creditCode, l, object, oneOfValues, recordSchema, sm3File, text, timestamp, variantConst, type FieldSchema, type RecordSchema } from '../schema-kit';
import { LICENCE_TYPE_LABELS } from '../credit/schemas';
import { LICENCE_TYPES } from '../credit/types';

/** Licence numbers: 4-64 characters of [A-Za-z0-9-] (the validator's LICENCE_NUMBER_PATTERN). */
const NUMBER: FieldSchema = {
  type: 'string',
  minLength: 4,
  maxLength: 64,
  pattern: '^[A-Za-z0-9-]{4,64}$',
  'x-label': l('证照编号', 'Licence number'),
  examples: ['JY13101150012345'],
};
const REASON = text(l('理由', 'Reason'), 1024, { 'x-format': 'multiline' });

export const licenceIssueSchema: RecordSchema = recordSchema({
  recordType: 'licence.issue',
  label: l('签发电子证照', 'Issue an e-licence'),
  properties: {
    number: NUMBER,
    licenceType: oneOfValues(l('证照类型', 'Licence type'), LICENCE_TYPES, LICENCE_TYPE_LABELS),
    holder: object(
      l('持证主体', 'Holder'),
      {
        kind: variantConst(l('主体类型', 'Holder kind'), 'organisation', l('法人或其他组织', 'Organisation')),
        creditCode: creditCode(l('统一社会信用代码', 'Unified social credit code')),
        name: text(l('名称', 'Name'), 256),
      },
      ['kind', 'creditCode', 'name'],
    ),
    title: text(l('证照名称', 'Title'), 128, { examples: ['食品经营许可证'] }),
    scope: text(l('经营范围 / 许可项目', 'Scope'), 2048, { 'x-format': 'multiline' }),
    validFrom: timestamp(l('有效期起', 'Valid from')),
    validTo: timestamp(l('有效期至', 'Valid to')),
    fileDigest: sm3File(l('证照文件（SM3）', 'Licence file (SM3)')),
  },
  required: ['number', 'licenceType', 'holder', 'title', 'validFrom', 'validTo', 'fileDigest'],
  rules: [TIME_ORDER_RULE('validTo', 'validFrom'), CREDIT_CODE_RULE('holder.creditCode')],
});

export const licenceSuspendSchema: RecordSchema = recordSchema({
  recordType: 'licence.suspend',
  label: l('暂停证照', 'Suspend a licence'),
  properties: { number: NUMBER, reason: REASON },
  required: ['number', 'reason'],
});

export const licenceReinstateSchema: RecordSchema = recordSchema({
  recordType: 'licence.reinstate',
  label: l('恢复证照', 'Reinstate a licence'),
  properties: { number: NUMBER, reason: REASON },
  required: ['number', 'reason'],
});

export const licenceRevokeSchema: RecordSchema = recordSchema({
  recordType: 'licence.revoke',
  label: l('吊销证照', 'Revoke a licence'),
  properties: { number: NUMBER, reason: REASON, legalBasis: text(l('法律依据', 'Legal basis'), 512) },
  required: ['number', 'reason'],
});

export const licenceRenewSchema: RecordSchema = recordSchema({
  recordType: 'licence.renew',
  label: l('延续证照', 'Renew a licence'),
  properties: { number: NUMBER, validTo: timestamp(l('新的有效期至', 'New valid to')), fileDigest: sm3File(l('换发的证照文件（SM3）', 'Re-issued licence file (SM3)')) },
  required: ['number', 'validTo', 'fileDigest'],
});

export const LICENCE_SCHEMAS: readonly RecordSchema[] = [licenceIssueSchema, licenceSuspendSchema, licenceReinstateSchema, licenceRevokeSchema, licenceRenewSchema];
