/** JSON Schemas of the data-sharing records (catalogue, request, grant, revocation, access). */
import { TIME_ORDER_RULE, id, l, oneOfValues, recordSchema, reference, stringList, text, timestamp, variantConst, type FieldSchema, type Label, type RecordSchema } from '../schema-kit';
import { RESOURCE_FAMILIES, SHARING_MODES, type ResourceFamily, type SharingMode } from './types';

export const SHARING_MODE_LABELS: Readonly<Record<SharingMode, Label>> = {
  unconditional: l('无条件共享', 'Unconditional'),
  conditional: l('有条件共享', 'Conditional'),
  'not-shared': l('不予共享', 'Not shared'),
};
export const RESOURCE_FAMILY_LABELS: Readonly<Record<ResourceFamily, Label>> = {
  credit: l('信用', 'Credit'),
  licence: l('电子证照', 'E-licences'),
  trace: l('追溯', 'Traceability'),
  tender: l('公共资源交易', 'Tenders'),
  department: l('部门名录', 'Departments'),
};

const SUBJECT_PATTERN = '^[A-Za-z0-9._:#-]{1,128}$';
const SUBJECT: FieldSchema = { type: 'string', pattern: SUBJECT_PATTERN, 'x-label': l('主体（信用代码、证照编号、批次号…）', 'Subject (credit code, licence number, batch id …)') };
const SUBJECTS = stringList(l('限定的主体', 'Subjects'), SUBJECT, 1, 1000, { 'x-description': l('不填：整个资源', 'Omitted: the whole resource') });
const REASON = text(l('理由', 'Reason'), 2048, { 'x-format': 'multiline' });

export const catalogueSchema: RecordSchema = recordSchema({
  recordType: 'sharing.catalogue',
  label: l('发布共享目录', 'Publish a catalogue entry'),
  properties: {
    resourceId: id(l('资源编号', 'Resource id')),
    family: oneOfValues(l('数据类别', 'Family'), RESOURCE_FAMILIES, RESOURCE_FAMILY_LABELS),
    title: text(l('资源名称', 'Title'), 256),
    description: text(l('资源说明', 'Description'), 4096, { 'x-format': 'multiline' }),
    mode: oneOfValues(l('共享属性', 'Sharing mode'), SHARING_MODES, SHARING_MODE_LABELS),
    conditions: text(l('共享条件', 'Conditions'), 4096, { 'x-format': 'multiline', 'x-description': l('有条件共享时必填', 'Required for a conditional resource') }),
  },
  required: ['resourceId', 'family', 'title', 'description', 'mode'],
  rules: [{ id: 'conditions-for-conditional', fields: ['conditions'], label: l('有条件共享的资源须填写共享条件', 'A conditional resource needs its conditions') }],
});

export const sharingRequestSchema: RecordSchema = recordSchema({
  recordType: 'sharing.request',
  label: l('申请共享数据', 'Request access'),
  properties: {
    owner: reference(l('数据所有部门', 'Owner department')),
    resourceId: reference(l('资源编号', 'Resource id')),
    purpose: text(l('用途', 'Purpose'), 1024, { 'x-format': 'multiline' }),
    subjects: SUBJECTS,
    until: timestamp(l('申请使用至', 'Until')),
  },
  required: ['owner', 'resourceId', 'purpose', 'until'],
});

const DECISION_LABEL = l('审批决定', 'Decision');

export const sharingApprovalSchema: RecordSchema = recordSchema({
  recordType: 'sharing.grant',
  variant: { name: 'approved', field: 'decision' },
  label: l('同意共享申请', 'Approve a request'),
  properties: {
    requestId: reference(l('共享申请', 'Request')),
    decision: variantConst(DECISION_LABEL, 'approved', l('同意', 'Approved')),
    subjects: SUBJECTS,
    validFrom: timestamp(l('授权起始时间', 'Valid from')),
    validTo: timestamp(l('授权截止时间', 'Valid to')),
    reason: REASON,
  },
  required: ['requestId', 'decision', 'validFrom', 'validTo', 'reason'],
  rules: [TIME_ORDER_RULE('validTo', 'validFrom')],
});

export const sharingRejectionSchema: RecordSchema = recordSchema({
  recordType: 'sharing.grant',
  variant: { name: 'rejected', field: 'decision' },
  label: l('驳回共享申请', 'Reject a request'),
  properties: {
    requestId: reference(l('共享申请', 'Request')),
    decision: variantConst(DECISION_LABEL, 'rejected', l('驳回', 'Rejected')),
    subjects: SUBJECTS,
    validFrom: timestamp(l('授权起始时间', 'Valid from')),
    validTo: timestamp(l('授权截止时间', 'Valid to')),
    reason: REASON,
  },
  required: ['requestId', 'decision', 'reason'],
});

export const grantRevokeSchema: RecordSchema = recordSchema({
  recordType: 'sharing.grant.revoke',
  label: l('撤销共享授权', 'Revoke a grant'),
  properties: { grantId: reference(l('共享授权', 'Grant')), reason: REASON },
  required: ['grantId', 'reason'],
});

export const accessSchema: RecordSchema = recordSchema({
  recordType: 'sharing.access',
  label: l('跨域访问记录', 'Cross-region read'),
  description: l('由省级网关在每次跨域读取时自动签发，部门不填写', "Signed by a province gateway for every cross-region read; never filled in by a department"),
  properties: {
    reader: reference(l('读取部门', 'Reader')),
    owner: reference(l('数据所有部门', 'Owner')),
    resourceId: reference(l('资源编号', 'Resource id')),
    purpose: text(l('用途', 'Purpose'), 1024),
    subject: { ...SUBJECT, minLength: 1, maxLength: 128 },
    grantId: reference(l('依据的授权', 'Grant')),
  },
  required: ['reader', 'owner', 'resourceId', 'purpose'],
});

export const SHARING_SCHEMAS: readonly RecordSchema[] = [catalogueSchema, sharingRequestSchema, sharingApprovalSchema, sharingRejectionSchema, grantRevokeSchema, accessSchema];
