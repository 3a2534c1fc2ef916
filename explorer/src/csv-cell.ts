/**
 * A CSV cell that a spreadsheet will not run: text beginning with `=`, `+`, `-`, `@` (or a tab or carriage return,
 * which some spreadsheets skip before reading a formula) is prefixed with `'`, as OWASP's CSV-injection advice says,
 * so Excel, WPS and LibreOffice show it as text. Numbers stay numbers (a negative number is not a formula).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  if (typeof value === 'number' || typeof value === 'bigint') return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}
