/** The chaincode validator of every record type (what each contract's RecordSpec.validate is), by record type. */
import type { JsonValue } from '../../crypto';
import type { Validation } from '../records/fields';
import { validateCorrection, validateCreditEntry, validateObjection, validateObjectionReview, validateRepairApply, validateRepairDecide } from './credit/validate';
import { validateDepartmentRegister, validateDepartmentUpdate, validateKeyRevoke, validateKeyRotate } from './department/validate';
import { validateLicenceIssue, validateLicenceReinstate, validateLicenceRenew, validateLicenceRevoke, validateLicenceSuspend } from './licence/validate';
import { validateAccess, validateCatalogue, validateGrantRevoke, validateSharingGrant, validateSharingRequest } from './sharing/validate';
import { validateAward, validateBidCommit, validateBidReveal, validateEvaluate, validateExpertDraw, validateExpertProfile, validateExpertScore, validateTenderPublish } from './tender/validate';
import { validateBatchRecord, validateDerivationRecord, validateEventRecord, validateRecallRecord } from './trace/validate';

export type RecordValidator = (value: JsonValue) => Validation<unknown>;

export const RECORD_VALIDATORS: Readonly<Record<string, RecordValidator>> = {
  'department.register': validateDepartmentRegister,
  'department.update': validateDepartmentUpdate,
  'department.key.rotate': validateKeyRotate,
  'department.key.revoke': validateKeyRevoke,
  'credit.entry': validateCreditEntry,
  'credit.objection': validateObjection,
  'credit.objection.review': validateObjectionReview,
  'credit.correction': validateCorrection,
  'credit.repair.apply': validateRepairApply,
  'credit.repair.decide': validateRepairDecide,
  'licence.issue': validateLicenceIssue,
  'licence.suspend': validateLicenceSuspend,
  'licence.reinstate': validateLicenceReinstate,
  'licence.revoke': validateLicenceRevoke,
  'licence.renew': validateLicenceRenew,
  'trace.batch.register': validateBatchRecord,
  'trace.event': validateEventRecord,
  'trace.derivation': validateDerivationRecord,
  'trace.recall': validateRecallRecord,
  'tender.publish': validateTenderPublish,
  'tender.expert.profile': validateExpertProfile,
  'tender.bid.commit': validateBidCommit,
  'tender.bid.reveal': validateBidReveal,
  'tender.draw': validateExpertDraw,
  'tender.score': validateExpertScore,
  'tender.evaluate': validateEvaluate,
  'tender.award': validateAward,
  'sharing.catalogue': validateCatalogue,
  'sharing.request': validateSharingRequest,
  'sharing.grant': validateSharingGrant,
  'sharing.grant.revoke': validateGrantRevoke,
  'sharing.access': validateAccess,
};
