/** Validation errors name the allowed fields and values, taken from the record's schema (issue 16). */
import { ChaincodeError } from '../errors';
import { mustBeValid } from '../records/common';
import { validateCreditEntry } from './credit/validate';
import { validateEventRecord } from './trace/validate';
import { BLACK_MEASURE_VALUES } from './credit/schemas';

const SIGNATURE = { algorithm: 'SM2-SM3', keyId: 'sh-samr#1', userId: '1234567812345678', value: 'ab'.repeat(36) };
const ENTRY = {
  type: 'credit.entry',
  id: 'ce-1',
  department: 'sh-samr',
  list: 'black',
  subject: { kind: 'organisation', creditCode: '91340100MA2W1X3K8U', name: '某公司' },
  category: 'serious-illegal-dishonesty',
  legalBasis: '依据',
  measures: ['no-bidding'],
  validFrom: '2025-01-01T00:00:00Z',
  signature: SIGNATURE,
};

function refusal(validate: (v: never) => unknown, record: object): string {
  try {
    mustBeValid(validate(record as never) as never);
  } catch (error) {
    if (error instanceof ChaincodeError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

test('an unknown field is refused with the fields the record type allows', () => {
  const message = refusal(validateCreditEntry, { ...ENTRY, colour: 'red' });
  expect(message).toMatch(/^INVALID_ARGUMENT: colour: is not a known field \(allowed: type, id, department, list, subject, legalBasis, decisionNumber, validFrom, validTo, category, measures, severity, signature\)$/);
});

test('an unknown field of a nested object lists that object’s fields', () => {
  const message = refusal(validateCreditEntry, { ...ENTRY, subject: { ...ENTRY.subject, phone: '123' } });
  expect(message).toContain('subject.phone: is not a known field (allowed: kind, creditCode, name');
});

test('a measure outside the list names every allowed measure of a black-list entry', () => {
  const message = refusal(validateCreditEntry, { ...ENTRY, measures: ['no-fun'] });
  expect(message).toContain('measures[0]: must be a black-list measure');
  expect(message).toContain(`(allowed: ${BLACK_MEASURE_VALUES.join(', ')})`);
});

test('a details field of the wrong event kind lists the fields of that kind', () => {
  const event = { type: 'trace.event', id: 'ev-1', department: 'ah-coop', batchId: 'b-1', kind: 'planting', occurredAt: '2025-03-01T08:00:00+08:00', details: { plot: '一号地', laboratory: 'x' }, signature: SIGNATURE };
  expect(refusal(validateEventRecord, event)).toBe('INVALID_ARGUMENT: details.laboratory: is not a known field (allowed: plot, variety)');
});

test('an enum refusal that already lists its values is not repeated', () => {
  expect(refusal(validateCreditEntry, { ...ENTRY, category: 'nope' })).toBe('INVALID_ARGUMENT: category: must be one of ' + ['serious-illegal-dishonesty', 'court-judgement-defaulter', 'major-tax-violation', 'food-drug-safety', 'environmental-violation', 'public-resource-trading-fraud', 'wage-arrears', 'product-quality', 'a-class-taxpayer', 'contract-abiding', 'customs-advanced-certified', 'credit-model'].join(', '));
});
