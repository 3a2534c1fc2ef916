/** The producer's and bidders' unified social credit code check (GB 32100-2015), from the credit family. */
export { isCreditCode as isValidCreditCode } from '../credit/codes';
