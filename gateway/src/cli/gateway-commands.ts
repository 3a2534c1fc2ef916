/**
 * dtl commands for the gateway API and for proofs:
 *   dtl verify proof.json --trust bundle.json [--chain DIR]        offline; exit 0 valid / 1 invalid / 2 bad input / 3 unanchored
 *   dtl submit record.json [--key key.pem --key-id ID]            one record (signed locally, or e-seal when unsigned)
 *   dtl import records.(json|ndjson) [--concurrency N]            many records, with a progress bar
 *   dtl import rows.(csv|xlsx) --type T [--mapping m.json] [--dry-run] [--out results.csv]   a table of one record type
 * Gateway commands take --url (DTL_URL, default http://127.0.0.1:8080) and --api-key (DTL_API_KEY) or --token (DTL_TOKEN).
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { parseJsonStrict, signRecord, sm2PrivateKeyFromPem } from '@dtl/chaincode/crypto';
import { runVerify } from './verify-command';
import { BadInput, EXIT, readJson, readText, type CliIo } from './io';
import { isTableFile, runTableImport, type TableImportOptions } from './import-table-command';

export { proofFrom, runVerify } from './verify-command';

interface ClientOptions {
  readonly url: string;
  readonly apiKey?: string;
  readonly token?: string;
}

export class GatewayClient {
  private token: string | undefined;
  constructor(private readonly options: ClientOptions) {
    this.token = options.token;
  }

  private async bearer(): Promise<string> {
    if (this.token !== undefined) return this.token;
    if (this.options.apiKey === undefined) throw new BadInput('no credentials: pass --api-key (DTL_API_KEY) or --token (DTL_TOKEN)');
    const res = await fetch(`${this.options.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: this.options.apiKey }) });
    const body = (await res.json()) as { token?: string; error?: { message: string } };
    if (!res.ok || body.token === undefined) throw new BadInput(`login refused: ${body.error?.message ?? res.status}`);
    this.token = body.token;
    return body.token;
  }

  async submit(record: unknown, path = '/records'): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.options.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.bearer()}` },
      body: JSON.stringify({ record }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  /** POST a file (CSV, .xlsx) or other raw body under /api/v1; the answer parsed as JSON (issue 16: dtl import). */
  async upload(path: string, body: Buffer, contentType: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.options.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${await this.bearer()}` }, body });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: res.status, body: { error: { message: text.slice(0, 200) } } };
    }
  }

  /** GET a JSON resource under /api/v1 with the client's credentials. */
  async get(path: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.options.url}/api/v1${path}`, { headers: { authorization: `Bearer ${await this.bearer()}` } });
    // Parsed here (not res.json()) so the objects are this realm's plain objects, as canonical JSON requires.
    return { status: res.status, body: JSON.parse(await res.text()) as unknown };
  }
}

export function clientOptions(options: { url: string; apiKey?: string; token?: string }): ClientOptions {
  return { url: options.url.replace(/\/+$/, ''), ...(options.apiKey ? { apiKey: options.apiKey } : {}), ...(options.token ? { token: options.token } : {}) };
}

function signLocally(record: Record<string, unknown>, keyFile: string | undefined, keyId: string | undefined): Record<string, unknown> {
  if (keyFile === undefined) return record;
  if (keyId === undefined) throw new BadInput('--key needs --key-id (the registered key id, e.g. sh-samr#1)');
  let privateKey: Uint8Array;
  try {
    privateKey = sm2PrivateKeyFromPem(readText(keyFile));
  } catch (error) {
    throw new BadInput(`cannot read the SM2 private key: ${(error as Error).message}`);
  }
  const { signature: _old, ...unsigned } = record;
  return signRecord(unsigned, { privateKey, keyId });
}

export async function runSubmit(file: string, options: { url: string; apiKey?: string; token?: string; key?: string; keyId?: string; path?: string; out?: string }, io: CliIo): Promise<number> {
  try {
    const value = readJson(file) as Record<string, unknown>;
    const record = signLocally((typeof value.record === 'object' && value.record !== null ? value.record : value) as Record<string, unknown>, options.key, options.keyId);
    const answer = await new GatewayClient(clientOptions(options)).submit(record, options.path);
    const text = `${JSON.stringify(answer.body, null, 2)}\n`;
    if (options.out !== undefined && answer.status === 201) writeFileSync(options.out, text);
    (answer.status === 201 ? io.out : io.err)(text);
    return answer.status === 201 ? EXIT.OK : EXIT.INVALID;
  } catch (error) {
    if (error instanceof BadInput || error instanceof TypeError) {
      io.err(`dtl submit: ${(error as Error).message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }
}

/** Records from a JSON array, or NDJSON (one record, or `{ record }`, per line). */
export function recordsFrom(text: string): Array<Record<string, unknown>> {
  const trimmed = text.trim();
  const items: unknown[] = trimmed.startsWith('[') ? (parseJsonStrict(trimmed, { maxBytes: 512 * 1024 * 1024 }) as unknown[]) : trimmed.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  return items.map((item, index) => {
    const value = typeof item === 'object' && item !== null && 'record' in item ? (item as { record: unknown }).record : item;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadInput(`item ${index + 1} is not a record object`);
    return value as Record<string, unknown>;
  });
}

export function progressBar(done: number, total: number, failed: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${failed > 0 ? ` (${failed} refused)` : ''}`;
}

export async function runImport(file: string, options: { url: string; apiKey?: string; token?: string; concurrency: string; key?: string; keyId?: string; progress?: boolean } & Omit<TableImportOptions, 'url'>, io: CliIo): Promise<number> {
  try {
    // A CSV or Excel file of one record type: the gateway's import endpoints (issue 16).
    if (options.type !== undefined || isTableFile(file)) return await runTableImport(file, options, io);
    const records = recordsFrom(readText(file)).map((record) => signLocally(record, options.key, options.keyId));
    const concurrency = Math.max(1, Math.min(64, Number.parseInt(options.concurrency, 10) || 8));
    const client = new GatewayClient(clientOptions(options));
    let next = 0;
    let done = 0;
    const failures: string[] = [];
    const started = Date.now();
    const show = options.progress !== false;
    const worker = async (): Promise<void> => {
      while (next < records.length) {
        const record = records[next++] as Record<string, unknown>;
        const answer = await client.submit(record);
        if (answer.status !== 201) failures.push(`${String(record.id)}: ${answer.status} ${JSON.stringify((answer.body as { error?: unknown }).error ?? answer.body)}`);
        done++;
        if (show) io.err(progressBar(done, records.length, failures.length));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (show) io.err('\n');
    const seconds = (Date.now() - started) / 1000;
    io.out(`imported ${records.length - failures.length}/${records.length} records in ${seconds.toFixed(1)} s (${(records.length / Math.max(seconds, 0.001)).toFixed(0)}/s)\n`);
    for (const failure of failures) io.out(`  refused ${failure}\n`);
    return failures.length === 0 ? EXIT.OK : EXIT.INVALID;
  } catch (error) {
    if (error instanceof BadInput || error instanceof SyntaxError || error instanceof TypeError) {
      io.err(`dtl import: ${(error as Error).message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }
}

const DEFAULT_URL = process.env.DTL_URL ?? 'http://127.0.0.1:8080';

function withClientOptions(command: Command): Command {
  return command
    .option('--url <url>', 'gateway URL (DTL_URL)', DEFAULT_URL)
    .option('--api-key <key>', 'API key (DTL_API_KEY)', process.env.DTL_API_KEY)
    .option('--token <jwt>', 'bearer token (DTL_TOKEN)', process.env.DTL_TOKEN)
    .option('--key <pem>', 'sign locally with this SM2 private key (PKCS#8 PEM) — the SDK path')
    .option('--key-id <id>', 'registered key id for --key');
}

export function gatewayCommands(io: CliIo, setExit: (code: number) => void): Command[] {
  const verify = new Command('verify')
    .description('verify a proof offline against a pinned trust bundle: block signature, signer key provenance, record signature, tx in block, data hash, block hash (without --trust: UNANCHORED, exit 3)')
    .argument('<proof.json>', 'a proof, or a gateway answer holding one')
    .option('--trust <bundle.json>', 'the trust bundle to anchor to (dtl trust export; published by a province)')
    .option('--chain <dir>', 'data directory holding a copy of the embedded chain (checked against the bundle)')
    .option('--header <file>', 'a trusted block header (JSON with number and hash): one more comparison, not an anchor')
    .option('--json', 'print the verdict, reasons and checks as JSON')
    .action(async (file: string, options: { trust?: string; chain?: string; header?: string; json?: boolean }) => setExit(await runVerify(file, options, io)));
  const submit = withClientOptions(
    new Command('submit')
      .description('submit one record to the gateway; prints the receipt and proof (exit 1 when refused)')
      .argument('<record.json>', 'the record (or { record }); "-" reads stdin')
      .option('--path <path>', 'API path under /api/v1', '/records')
      .option('--out <file>', 'also write the answer (with its proof) here'),
  ).action(async (file: string, options: Parameters<typeof runSubmit>[1]) => setExit(await runSubmit(file, options, io)));
  const importCommand = withClientOptions(
    new Command('import')
      .description('submit many records (JSON array or NDJSON) with a progress bar')
      .argument('<file>', 'records file')
      .option('--concurrency <n>', 'requests in flight', '8')
      .option('--no-progress', 'no progress bar')
      .option('--type <recordType>', 'CSV / Excel: the record type of every row (e.g. credit.entry)')
      .option('--mapping <mapping.json>', 'CSV / Excel: {"column header": "field.path"} (default: headers that are field paths or labels)')
      .option('--sheet <name>', 'Excel: the worksheet (default: the first)')
      .option('--dry-run', 'CSV / Excel: only check every row and name each bad cell; write nothing')
      .option('--out <results.csv>', 'CSV / Excel: write the per-row results here'),
  ).action(async (file: string, options: Parameters<typeof runImport>[1]) => setExit(await runImport(file, options, io)));
  return [verify, submit, importCommand];
}
