import { recordValidator } from '../../records/common';
import { isTimestamp, timeOf, type Fields } from '../../records/fields';
import { creditCodeProblem } from '../credit/codes';
import { LICENCE_TYPES } from '../credit/types';
import type {
  LicenceHolder,
  LicenceIssueRecord,
  LicenceReinstateRecord,
  LicenceRenewRecord,
  LicenceRevokeRecord,
  LicenceSuspendRecord,
} from './types';

/** Licence numbers: 4-64 characters of [A-Za-z0-9-] (e.g. JY13101150012345, 91310115MA1K4XXXX0-1). */
export const LICENCE_NUMBER_PATTERN = /^[A-Za-z0-9-]{4,64}$/;

export function readLicenceNumber(fields: Fields, name = 'number'): string {
  return fields.string(name, { max: 64, pattern: LICENCE_NUMBER_PATTERN, patternHint: 'must be 4-64 characters of [A-Za-z0-9-]' });
}

function readHolder(fields: Fields): LicenceHolder {
  const kind = fields.literal('kind', 'organisation');
  const creditCode = fields.string('creditCode', { max: 18 });
  const problem = creditCode === '' ? undefined : creditCodeProblem(creditCode);
  if (problem !== undefined) fields.error('creditCode', problem);
  const name = fields.string('name', { max: 256 });
  fields.end();
  return { kind, creditCode, name };
}

export const validateLicenceIssue = recordValidator<LicenceIssueRecord>('licence.issue', (fields) => {
  const number = readLicenceNumber(fields);
  const licenceType = fields.oneOf('licenceType', LICENCE_TYPES);
  const holder = readHolder(fields.object('holder'));
  const title = fields.string('title', { max: 128 });
  const scope = fields.optionalString('scope', { max: 2048 });
  const validFrom = fields.timestamp('validFrom');
  const validTo = fields.timestamp('validTo');
  if (isTimestamp(validFrom) && isTimestamp(validTo) && timeOf(validTo) <= timeOf(validFrom)) fields.error('validTo', 'must be after validFrom');
  const fileDigest = fields.hex('fileDigest', 32);
  return { number, licenceType, holder, title, ...(scope === undefined ? {} : { scope }), validFrom, validTo, fileDigest };
});

export const validateLicenceSuspend = recordValidator<LicenceSuspendRecord>('licence.suspend', (fields) => ({
  number: readLicenceNumber(fields),
  reason: fields.string('reason', { max: 1024 }),
}));

export const validateLicenceReinstate = recordValidator<LicenceReinstateRecord>('licence.reinstate', (fields) => ({
  number: readLicenceNumber(fields),
  reason: fields.string('reason', { max: 1024 }),
}));

export const validateLicenceRevoke = recordValidator<LicenceRevokeRecord>('licence.revoke', (fields) => {
  const number = readLicenceNumber(fields);
  const reason = fields.string('reason', { max: 1024 });
  const legalBasis = fields.optionalString('legalBasis', { max: 512 });
  return legalBasis === undefined ? { number, reason } : { number, reason, legalBasis };
});

export const validateLicenceRenew = recordValidator<LicenceRenewRecord>('licence.renew', (fields) => ({
  number: readLicenceNumber(fields),
  validTo: fields.timestamp('validTo'),
  fileDigest: fields.hex('fileDigest', 32),
}));
