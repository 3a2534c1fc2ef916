/**
 * The text of a spreadsheet cell as the import reads it: dates in ISO 8601 UTC, rich text joined, formulas by their
 * result, errors empty. One definition for the gateway's table import and the workbench's in-page Excel reading.
 */
import type { CellValue } from 'exceljs';

export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}
