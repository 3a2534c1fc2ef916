/**
 * The producer's unified social credit code check (GB 32100-2015). TEMPORARY shape check until the core
 * credit module's validator lands; replaced by a re-export of it.
 */
export function isValidCreditCode(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code);
}
