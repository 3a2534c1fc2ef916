/**
 * Identifiers of credit subjects: the unified social credit code (统一社会信用代码, GB 32100-2015) and the
 * resident identity number (公民身份号码, GB 11643-1999) whose clear value never reaches the shared ledger.
 */
import { sm3Hex } from '../../../crypto';

/** The 31 characters of GB 32100 (no I, O, S, V, Z), in code-value order. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character (18th) for the first 17 characters of a credit code; undefined if a character is illegal. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * (CREDIT_CODE_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARSET.charAt(check);
}

/** Why a string is not a valid unified social credit code, or undefined when it is one. */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return 'must be 18 characters';
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return 'must use the GB 32100 characters 0-9 and A-Y without I, O, S, V, Z';
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return 'characters 3-8 must be an administrative division code';
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code.charAt(17)) return 'check character mismatch';
  return undefined;
}

export function isCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** Why a string is not an 18-digit resident identity number (ISO 7064 MOD 11-2 check), or undefined. */
export function residentIdProblem(id: string): string | undefined {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'must be 17 digits and a check digit (0-9 or X)';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth) return 'characters 7-14 must be a date of birth';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK.charAt(sum % 11) !== id.charAt(17)) return 'check digit mismatch';
  return undefined;
}

/**
 * The digest that stands for a natural person on the shared ledger: SM3 over `salt ‖ ":" ‖ idNumber` (hex).
 * The salt is the YRD subject salt that the province gateways share off-ledger, so the same person has the same
 * digest in every province (the credit view joins on it) while a ledger reader without the salt cannot run a
 * dictionary over the ~10^11 possible ID numbers. The clear ID and salt go only to the private data collection.
 */
export function personDigest(idNumber: string, salt: string): string {
  return sm3Hex(`${salt}:${idNumber}`);
}
