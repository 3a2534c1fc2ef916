/** Reads an uploaded CSV (csv-parse) or Excel workbook (exceljs) into a header row and string cells. */
import { parse } from 'csv-parse/sync';
import { cellText } from './cell-text';

export interface Table {
  readonly columns: readonly string[];
  /** Data rows (without the header), each cell a string ('' when empty). */
  readonly rows: ReadonlyArray<readonly string[]>;
}

export class TableError extends Error {
  override readonly name = 'TableError';
}

export const MAX_ROWS = 100_000;

export const TABLE_MEDIA_TYPES = {
  csv: ['text/csv', 'application/csv', 'text/plain'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
} as const;

function table(matrix: string[][]): Table {
  const [header, ...rows] = matrix;
  if (header === undefined || header.every((cell) => cell.trim() === '')) throw new TableError('the file has no header row');
  const columns = header.map((cell) => cell.trim());
  const seen = new Set<string>();
  for (const column of columns) {
    if (column !== '' && seen.has(column)) throw new TableError(`column "${column}" appears twice in the header`);
    seen.add(column);
  }
  const data = rows.filter((row) => row.some((cell) => cell.trim() !== ''));
  if (data.length > MAX_ROWS) throw new TableError(`at most ${MAX_ROWS} rows per file (this one has ${data.length})`);
  return { columns, rows: data.map((row) => columns.map((_, index) => (row[index] ?? '').trim())) };
}

/** CSV in UTF-8 (a BOM is dropped), comma-separated, RFC 4180 quoting. */
export function readCsv(bytes: Buffer): Table {
  let matrix: string[][];
  try {
    matrix = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new TableError(`not a readable CSV file: ${(error as Error).message}`);
  }
  return table(matrix);
}

/** The first worksheet (or the named one) of an .xlsx workbook. */
export async function readXlsx(bytes: Buffer, sheet?: string): Promise<Table> {
  // Lazy: exceljs (and its zip stack) loads only when a workbook arrives, not with every gateway.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Workbook } = require('exceljs') as typeof import('exceljs');
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new TableError(`not a readable .xlsx workbook: ${(error as Error).message}`);
  }
  const worksheet = sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheet);
  if (worksheet === undefined) throw new TableError(sheet === undefined ? 'the workbook has no worksheet' : `no worksheet named "${sheet}" (sheets: ${workbook.worksheets.map((w) => w.name).join(', ')})`);
  const matrix: string[][] = [];
  worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    matrix[rowNumber - 1] = Array.from(cells, (cell) => cell ?? '');
  });
  return table(Array.from(matrix, (row) => row ?? []));
}

/** The table of an upload, by its media type (CSV or .xlsx). */
export async function readTable(bytes: Buffer, mediaType: string, sheet?: string): Promise<Table> {
  if ((TABLE_MEDIA_TYPES.xlsx as readonly string[]).includes(mediaType) || (bytes.length > 4 && bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))) return readXlsx(bytes, sheet);
  return readCsv(bytes);
}
