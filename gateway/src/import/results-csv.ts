/** The per-row results of an import as a CSV file (the download of the workbench and of `dtl import --out`). */
import { stringify } from 'csv-stringify/sync';
import type { RowResult } from './submit';

export type { RowResult };

export const RESULT_COLUMNS = ['row', 'status', 'id', 'txId', 'blockNumber', 'code', 'message'] as const;

export function resultsCsv(results: readonly RowResult[]): string {
  return stringify(
    results.map((r) => [r.row, r.status, r.id ?? '', r.txId ?? '', r.blockNumber ?? '', r.code ?? '', r.message ?? '']),
    { header: true, columns: [...RESULT_COLUMNS], bom: true },
  );
}
