/**
 * An Excel workbook (.xlsx) read in the page: the first worksheet's rows keyed by its header row, like the CSV path.
 * exceljs (its browser build) loads only when a workbook is chosen; cells read as the gateway's import reads them.
 */
import { cellText } from '../../../../gateway/src/import/cell-text';

/** The first bytes of every .xlsx (a ZIP archive). */
export function isWorkbook(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export async function readWorkbookRows(bytes: ArrayBuffer): Promise<Record<string, string>[]> {
  const loaded = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  const ExcelJS = loaded.default ?? loaded;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new Error('the workbook has no worksheet');
  const matrix: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    matrix.push(Array.from(cells, (cell) => cell ?? ''));
  });
  const [header, ...body] = matrix;
  if (header === undefined) return [];
  const names = header.map((name) => name.replace(/^\uFEFF/, '').trim());
  return body
    .filter((cells) => cells.some((cell) => cell.trim() !== ''))
    .map((cells) => Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ''])));
}
