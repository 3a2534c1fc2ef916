/**
 * @dtl/chaincode — the Delta Trust Ledger contracts. fabric-chaincode-node loads `contracts` from this module
 * (package.json "main"); the embedded ledger dispatches the same classes through fabric-shim's ChaincodeFromContract.
 */
import { CreditContract } from './contracts/credit';
import { DepartmentContract } from './contracts/department';
import { LicenceContract } from './contracts/licence';
import { SharingContract } from './contracts/sharing';
import { TenderContract } from './contracts/tender';
import { TraceContract } from './contracts/trace';

/** Contract classes in dispatch order; the first is the default contract. */
export const contracts = [DepartmentContract, CreditContract, LicenceContract, TraceContract, TenderContract, SharingContract];

export { DepartmentContract, CreditContract, LicenceContract, SharingContract };
export { ChaincodeError, ERROR_CODES, errorCodeOf, fail, type ErrorCode } from './errors';
export * from './domain/region';
export * from './domain/department/types';
export { keyStatusAt, type KeyStatus } from './domain/department/rules';
export * from './records';
export { Store, KEYS } from './store';
export * from './domain/credit/types';
export * from './domain/credit/codes';
export { subjectKeyOf, readSubject, measureProblem } from './domain/credit/validate';
export { creditView, jointPunishment, assertNotPunished, effectiveStatus } from './domain/credit/rules';
export { loadCreditView } from './store/credit';
export * from './domain/licence/types';
export { licenceResult } from './domain/licence/rules';
export * from './domain/sharing/types';
export { decideAccess, grantProblem } from './domain/sharing/rules';
export { TraceContract, TenderContract };
/** Traceability and tender rules (pure), namespaced: e.g. `tender.replayTender`, `trace.parseQrPayload`, `trace.traceVerdict`. */
export * as trace from './domain/trace';
export * as tender from './domain/tender';
/** Record schemas (issue 16) and the validator of every record type: forms, OpenAPI bodies, docs, bulk import. */
export { RECORD_VALIDATORS, type RecordValidator } from './domain/validators';
