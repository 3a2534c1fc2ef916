/**
 * The hash-only form has ONE definition, in the chaincode (`@dtl/chaincode` records/hash-only.ts): the chaincode
 * writes it to the channel for protected content and checks a submitted form against the content; the gateway's
 * visibility shows it to viewers who may not read the content. Re-exported here for the gateway's modules.
 */
export { HASH_ONLY, checkContentAgainstHashOnly, contentHashOf, hashOnlyForm, isHashOnlyForm, type ContentCheck, type HashOnlyRecord } from '@dtl/chaincode/hash-only';
