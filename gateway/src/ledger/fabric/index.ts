export { FabricLedger, createFabricLedger, type FabricLedgerOptions, type FabricTimeouts } from './fabric-ledger';
export { DEFAULT_PROFILE_PATH, loadConnectionProfile, parseConnectionProfile, type ConnectionProfile, type ProvinceConnection } from './profile';
export { blockHeaderDer, blockHeaderHash, blockDataHash } from './block-hash';
export { fabricInclusion, parseBlock, toValidationCode, validationCodeName } from './block-parser';
