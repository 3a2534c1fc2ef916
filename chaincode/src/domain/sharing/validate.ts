import { recordValidator } from '../../records/common';
import { isTimestamp, timeOf, type Fields } from '../../records/fields';
import {
  RESOURCE_FAMILIES,
  SHARING_MODES,
  type AccessRecord,
  type CatalogueRecord,
  type GrantRevokeRecord,
  type SharingGrantRecord,
  type SharingRequestRecord,
} from './types';

const SUBJECT_PATTERN = /^[A-Za-z0-9._:#-]{1,128}$/;

function readSubjects(fields: Fields): string[] | undefined {
  if (!fields.has('subjects')) {
    fields.raw('subjects');
    return undefined;
  }
  return fields.stringArray('subjects', (s) => (SUBJECT_PATTERN.test(s) ? undefined : 'must be 1-128 characters of [A-Za-z0-9._:#-]'), 1, 1000);
}

export const validateCatalogue = recordValidator<CatalogueRecord>('sharing.catalogue', (fields) => {
  const resourceId = fields.id('resourceId');
  const family = fields.oneOf('family', RESOURCE_FAMILIES);
  const title = fields.string('title', { max: 256 });
  const description = fields.string('description', { max: 4096 });
  const mode = fields.oneOf('mode', SHARING_MODES);
  const conditions = fields.optionalString('conditions', { max: 4096 });
  if (mode === 'conditional' && conditions === undefined) fields.error('conditions', 'is required for a conditional resource');
  return { resourceId, family, title, description, mode, ...(conditions === undefined ? {} : { conditions }) };
});

export const validateSharingRequest = recordValidator<SharingRequestRecord>('sharing.request', (fields) => {
  const owner = fields.id('owner');
  const resourceId = fields.id('resourceId');
  const purpose = fields.string('purpose', { max: 1024 });
  const subjects = readSubjects(fields);
  const until = fields.timestamp('until');
  return { owner, resourceId, purpose, ...(subjects === undefined ? {} : { subjects }), until };
});

export const validateSharingGrant = recordValidator<SharingGrantRecord>('sharing.grant', (fields) => {
  const requestId = fields.id('requestId');
  const decision = fields.oneOf('decision', ['approved', 'rejected'] as const);
  const subjects = readSubjects(fields);
  const validFrom = fields.optionalTimestamp('validFrom');
  const validTo = fields.optionalTimestamp('validTo');
  const reason = fields.string('reason', { max: 2048 });
  if (decision === 'approved') {
    if (validFrom === undefined) fields.error('validFrom', 'is required for an approval');
    if (validTo === undefined) fields.error('validTo', 'is required for an approval');
    if (validFrom !== undefined && validTo !== undefined && isTimestamp(validFrom) && isTimestamp(validTo) && timeOf(validTo) <= timeOf(validFrom)) fields.error('validTo', 'must be after validFrom');
  }
  return {
    requestId,
    decision,
    ...(subjects === undefined ? {} : { subjects }),
    ...(validFrom === undefined ? {} : { validFrom }),
    ...(validTo === undefined ? {} : { validTo }),
    reason,
  };
});

export const validateGrantRevoke = recordValidator<GrantRevokeRecord>('sharing.grant.revoke', (fields) => ({
  grantId: fields.id('grantId'),
  reason: fields.string('reason', { max: 2048 }),
}));

export const validateAccess = recordValidator<AccessRecord>('sharing.access', (fields) => {
  const reader = fields.id('reader');
  const owner = fields.id('owner');
  const resourceId = fields.id('resourceId');
  const purpose = fields.string('purpose', { max: 1024 });
  const subject = fields.optionalString('subject', { max: 128, pattern: SUBJECT_PATTERN });
  const grantId = fields.optionalId('grantId');
  return { reader, owner, resourceId, purpose, ...(subject === undefined ? {} : { subject }), ...(grantId === undefined ? {} : { grantId }) };
});
