/**
 * `dtl import <file.csv|file.xlsx> --type <recordType> [--mapping mapping.json] [--dry-run] [--out results.csv]`:
 * the same CSV / Excel import as the workbench, through the gateway's /api/v1/import endpoints. --dry-run shows the
 * preview (every bad cell) and writes nothing; otherwise the good rows are signed with the department's e-seal key
 * and submitted, and each row's outcome is printed (and written as CSV with --out).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BadInput, EXIT, readJson, type CliIo } from './io';
import { GatewayClient, clientOptions } from './gateway-commands';
import { resultsCsv, type RowResult as Result } from '../import/results-csv';

export interface TableImportOptions {
  readonly url: string;
  readonly apiKey?: string;
  readonly token?: string;
  readonly type?: string;
  readonly mapping?: string;
  readonly sheet?: string;
  readonly dryRun?: boolean;
  readonly out?: string;
}

interface Issue { row: number; column: string | null; field: string; reason: string; allowed?: string[] }


const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function isTableFile(file: string): boolean {
  return /\.(csv|xlsx)$/i.test(file);
}

function describeIssue(issue: Issue): string {
  return `  row ${issue.row}, ${issue.column ?? issue.field}: ${issue.reason}${issue.allowed ? ` (allowed: ${issue.allowed.slice(0, 20).join(', ')}${issue.allowed.length > 20 ? ', …' : ''})` : ''}\n`;
}

export async function runTableImport(file: string, options: TableImportOptions, io: CliIo): Promise<number> {
  if (options.type === undefined) throw new BadInput('--type <recordType> is required for a CSV or Excel file (e.g. --type credit.entry)');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new BadInput(`cannot read ${file}: ${(error as Error).message}`);
  }
  const query = new URLSearchParams({ type: options.type });
  if (options.mapping !== undefined) query.set('mapping', JSON.stringify(readJson(options.mapping)));
  if (options.sheet !== undefined) query.set('sheet', options.sheet);
  const client = new GatewayClient(clientOptions(options));
  const started = Date.now();
  const answer = await client.upload(`/import/${options.dryRun ? 'preview' : 'submit'}?${query.toString()}`, bytes, /\.xlsx$/i.test(file) ? XLSX : 'text/csv');
  const body = answer.body as { error?: { message: string; details?: Issue[] }; rows?: number; valid?: number; invalid?: number; committed?: number; refused?: number; issues?: Issue[]; results?: Result[] };
  if (answer.status !== 200) {
    io.err(`dtl import: ${answer.status} ${body.error?.message ?? ''}\n`);
    for (const detail of body.error?.details ?? []) if (detail.allowed) io.err(`  ${detail.field} allowed: ${detail.allowed.join(', ')}\n`);
    return EXIT.BAD_INPUT;
  }
  const seconds = (Date.now() - started) / 1000;
  for (const issue of body.issues ?? []) io.out(describeIssue(issue));
  if (options.dryRun) {
    io.out(`preview: ${body.rows} rows, ${body.valid} valid, ${body.invalid} with bad cells (nothing written)\n`);
    return (body.invalid ?? 0) === 0 ? EXIT.OK : EXIT.INVALID;
  }
  for (const result of (body.results ?? []).filter((r) => r.status === 'refused')) io.out(`  row ${result.row} refused: ${result.code} ${result.message ?? ''}\n`);
  io.out(`imported ${body.committed}/${body.rows} rows in ${seconds.toFixed(1)} s (${((body.rows ?? 0) / Math.max(seconds, 0.001)).toFixed(0)} rows/s); ${body.refused} refused by the ledger, ${body.invalid} with bad cells\n`);
  if (options.out !== undefined) {
    writeFileSync(options.out, resultsCsv(body.results ?? []));
    io.out(`per-row results written to ${options.out}\n`);
  }
  return (body.committed ?? 0) === (body.rows ?? 0) ? EXIT.OK : EXIT.INVALID;
}
