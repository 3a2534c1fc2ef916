import { Fields, isTimestamp, timeOf } from '../../records/fields';
import { recordValidator } from '../../records/common';
import { creditCodeProblem } from './codes';
import {
  BLACK_MEASURES,
  CREDIT_CATEGORIES,
  CREDIT_LISTS,
  LICENCE_TYPES,
  RED_CATEGORIES,
  RED_MEASURES,
  SEVERITIES,
  type CreditCorrectionRecord,
  type CreditEntryChanges,
  type CreditObjectionRecord,
  type CreditObjectionReviewRecord,
  type CreditEntryRecord,
  type CreditList,
  type CreditRepairApplyRecord,
  type CreditRepairDecideRecord,
  type CreditSubject,
  type Measure,
} from './types';

const RED_CATEGORY_SET: ReadonlySet<string> = new Set(RED_CATEGORIES);

export function measureProblem(list: CreditList, measure: string): string | undefined {
  if (list === 'red') return (RED_MEASURES as readonly string[]).includes(measure) ? undefined : `must be a red-list incentive: ${RED_MEASURES.join(', ')}`;
  if ((BLACK_MEASURES as readonly string[]).includes(measure)) return undefined;
  if (measure.startsWith('no-licence:')) {
    const type = measure.slice('no-licence:'.length);
    return type === '*' || (LICENCE_TYPES as readonly string[]).includes(type) ? undefined : `no-licence:<type> needs one of ${LICENCE_TYPES.join(', ')} or *`;
  }
  return `must be a black-list measure: ${BLACK_MEASURES.join(', ')}, no-licence:<type>`;
}

/** Reads an organisation (credit code validated) or a person (64-hex SM3 digest) subject. */
export function readSubject(fields: Fields): CreditSubject {
  const kind = fields.oneOf('kind', ['organisation', 'person'] as const);
  if (kind === 'organisation') {
    const creditCode = fields.string('creditCode', { max: 18 });
    const problem = creditCode === '' ? undefined : creditCodeProblem(creditCode);
    if (problem !== undefined) fields.error('creditCode', problem);
    const name = fields.string('name', { max: 256 });
    fields.end();
    return { kind, creditCode, name };
  }
  const idDigest = fields.hex('idDigest', 32);
  const maskedName = fields.optionalString('maskedName', { max: 32, pattern: /\*/, patternHint: 'must be masked (contain *)' });
  fields.end();
  return maskedName === undefined ? { kind, idDigest } : { kind, idDigest, maskedName };
}

/** The key a subject is indexed under: `org:<credit code>` or `person:<digest>`. */
export function subjectKeyOf(subject: CreditSubject): string {
  return subject.kind === 'organisation' ? `org:${subject.creditCode}` : `person:${subject.idDigest}`;
}

export const validateCreditEntry = recordValidator<CreditEntryRecord>('credit.entry', (fields) => {
  const list = fields.oneOf('list', CREDIT_LISTS);
  const subject = readSubject(fields.object('subject'));
  const category = fields.oneOf('category', CREDIT_CATEGORIES);
  // Only when both fields were read as valid values (oneOf returns a placeholder otherwise).
  if (fields.raw('category') === category && fields.raw('list') === list && RED_CATEGORY_SET.has(category) !== (list === 'red')) {
    fields.error('category', `${category} does not belong on the ${list} list`);
  }
  const legalBasis = fields.string('legalBasis', { max: 512 });
  const decisionNumber = fields.optionalString('decisionNumber', { max: 128 });
  const measures = fields.stringArray('measures', (m) => measureProblem(list, m), list === 'black' ? 1 : 0, 32) as Measure[];
  const validFrom = fields.timestamp('validFrom');
  const validTo = fields.optionalTimestamp('validTo');
  if (validTo !== undefined && isTimestamp(validFrom) && isTimestamp(validTo) && timeOf(validTo) <= timeOf(validFrom)) fields.error('validTo', 'must be after validFrom');
  const severity = fields.has('severity') ? fields.oneOf('severity', SEVERITIES) : undefined;
  if (severity !== undefined && list === 'red') fields.error('severity', 'applies to black-list entries only');
  const body = { list, subject, category, legalBasis, measures, validFrom };
  return { ...body, ...(decisionNumber === undefined ? {} : { decisionNumber }), ...(validTo === undefined ? {} : { validTo }), ...(severity === undefined ? {} : { severity }) };
});

export const validateObjection = recordValidator<CreditObjectionRecord>('credit.objection', (fields) => ({
  entryId: fields.id('entryId'),
  grounds: fields.string('grounds', { max: 2048 }),
  evidenceDigest: fields.hex('evidenceDigest', 32),
}));

export const validateObjectionReview = recordValidator<CreditObjectionReviewRecord>('credit.objection.review', (fields) => ({
  objectionId: fields.id('objectionId'),
  outcome: fields.oneOf('outcome', ['upheld', 'dismissed'] as const),
  reason: fields.string('reason', { max: 2048 }),
}));

export const validateCorrection = recordValidator<CreditCorrectionRecord>('credit.correction', (fields) => {
  const entryId = fields.id('entryId');
  const action = fields.oneOf('action', ['correct', 'withdraw'] as const);
  const reason = fields.string('reason', { max: 2048 });
  const objectionId = fields.optionalId('objectionId');
  let changes: CreditEntryChanges | undefined;
  if (fields.has('changes')) {
    const c = fields.object('changes');
    const legalBasis = c.optionalString('legalBasis', { max: 512 });
    // Checked against the entry's list by the rule (correctEntry); here only that each is some measure.
    const measures = c.has('measures') ? (c.stringArray('measures', (m) => (measureProblem('red', m) === undefined ? undefined : measureProblem('black', m)), 0, 32) as Measure[]) : undefined;
    const validTo = c.optionalTimestamp('validTo');
    c.end();
    changes = { ...(legalBasis === undefined ? {} : { legalBasis }), ...(measures === undefined ? {} : { measures }), ...(validTo === undefined ? {} : { validTo }) };
  }
  if (action === 'correct' && (changes === undefined || Object.keys(changes).length === 0)) fields.error('changes', 'a correction names at least one change (legalBasis, measures, validTo)');
  if (action === 'withdraw' && changes !== undefined) fields.error('changes', 'a withdrawal changes nothing; omit changes');
  return { entryId, action, reason, ...(objectionId === undefined ? {} : { objectionId }), ...(changes === undefined ? {} : { changes }) };
});

export const validateRepairApply = recordValidator<CreditRepairApplyRecord>('credit.repair.apply', (fields) => ({
  entryId: fields.id('entryId'),
  grounds: fields.string('grounds', { max: 2048 }),
  evidenceDigest: fields.hex('evidenceDigest', 32),
}));

export const validateRepairDecide = recordValidator<CreditRepairDecideRecord>('credit.repair.decide', (fields) => ({
  repairId: fields.id('repairId'),
  decision: fields.oneOf('decision', ['approved', 'rejected'] as const),
  reason: fields.string('reason', { max: 2048 }),
}));

/** Transient `personal` data that accompanies a person entry: `{"idNumber":"…","salt":"…"}`. */
export interface PersonalData {
  readonly idNumber: string;
  readonly salt: string;
}
