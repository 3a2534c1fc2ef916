/**
 * A refusal of one field, in the page's language. The chaincode and the gateway answer in English (`must be one of
 * a, b`, `is required`, `check character mismatch`); a zh-CN page shows the schema's own words instead: the rule the
 * schema names for that field (`x-rules`), or the kind of problem with the allowed values by their labels. The
 * original detail stays available as the element's title.
 */
import type { FieldSchema, Label, RuleNote } from '../../../../chaincode/src/domain/schema-kit';
import type { FieldIssue } from '../gateway';
import { labelText, type LocaleName } from './schema-values';

const PROBLEMS: readonly [RegExp, Label][] = [
  [/is required|Required/i, { 'zh-CN': '必填', en: 'is required' }],
  [/must be one of|must be a (black|red)-list/i, { 'zh-CN': '取值不在允许范围内', en: 'is not an allowed value' }],
  [/at most \d+ characters|too long/i, { 'zh-CN': '内容过长', en: 'is too long' }],
  [/must be an integer|must be a number/i, { 'zh-CN': '须为整数', en: 'must be an integer' }],
  [/timestamp|ISO-8601/i, { 'zh-CN': '时间格式不正确', en: 'is not a valid time' }],
  [/must be after/i, { 'zh-CN': '时间先后顺序不正确', en: 'is not after the start' }],
  [/hex|digest/i, { 'zh-CN': '摘要格式不正确', en: 'is not a valid digest' }],
  [/check character/i, { 'zh-CN': '统一社会信用代码校验位不正确', en: 'check character mismatch' }],
  [/masked|\*/, { 'zh-CN': '须为脱敏形式（含 *）', en: 'must be masked (contain *)' }],
];

/** The schema node at a dotted path (`subject.creditCode`, `outputs.0.batchId`), through oneOf branches and items. */
export function schemaAt(schema: FieldSchema, path: string): FieldSchema | undefined {
  let node: FieldSchema | undefined = schema;
  for (const part of path.split('.')) {
    if (node === undefined) return undefined;
    if (/^\d+$/.test(part)) {
      node = node.items;
      continue;
    }
    const current: FieldSchema = node;
    node = current.properties?.[part] ?? current.oneOf?.map((b) => b.properties?.[part]).find((p) => p !== undefined);
  }
  return node;
}

function enumLabels(node: FieldSchema | undefined): Readonly<Record<string, Label>> | undefined {
  return node?.['x-enumLabels'] ?? node?.items?.['x-enumLabels'];
}

export function fieldMessage(issue: FieldIssue, schema: FieldSchema & { 'x-rules'?: readonly RuleNote[] }, locale: LocaleName): string {
  const rule = (schema['x-rules'] ?? []).find((r) => r.fields.includes(issue.field.replace(/\.\d+\./g, '[].')) && /check|after|must/i.test(issue.message));
  const problem = PROBLEMS.find(([pattern]) => pattern.test(issue.message));
  const allowedProblem = issue.allowed && issue.allowed.length > 0 ? PROBLEMS[1]?.[1] : undefined;
  let text = locale === 'en' ? issue.message : rule ? labelText(rule.label, locale, issue.message) : problem ? labelText(problem[1], locale, issue.message) : allowedProblem ? labelText(allowedProblem, locale, issue.message) : '不符合要求';
  if (issue.allowed && issue.allowed.length > 0) {
    const labels = enumLabels(schemaAt(schema, issue.field));
    const values = issue.allowed.map((v) => (labels?.[v] ? labelText(labels[v], locale, v) : v));
    text += locale === 'en' ? ` — allowed: ${values.join(', ')}` : `——允许的取值：${values.join('、')}`;
  }
  return text;
}
