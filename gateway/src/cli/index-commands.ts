/**
 * dtl index rebuild|verify: the read model from the chain.
 *   dtl index rebuild [--data-dir DIR] [--ledger embedded|fabric] [--index PATH|postgres://…]
 *       drops the index and projects every block again (losing the index loses nothing)
 *   dtl index verify  [same options] [--json]
 *       recomputes the projection from the blocks and names every row that differs; exit 0 same / 1 differs / 2 bad input
 * Options default to the gateway's configuration (DTL_DATA_DIR, DTL_LEDGER, DTL_READ_MODEL). On the embedded ledger,
 * run them while the gateway is stopped (LevelDB has one writer); on Fabric, any time.
 */
import { Command } from 'commander';
import type { Ledger } from '../ledger/ledger';
import type { ReadModelDatabase } from '../read-model/database';
import type { VerifyReport } from '../read-model/verify';
import { BadInput, EXIT, type CliIo } from './io';

interface IndexOptions {
  readonly dataDir?: string;
  readonly ledger?: string;
  readonly index?: string;
  readonly json?: boolean;
}

async function withChainAndIndex<T>(options: IndexOptions, run: (ledger: Ledger, index: ReadModelDatabase) => Promise<T>): Promise<T> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parseConfig } = require('../config') as typeof import('../config');
  const { openLedger } = require('../main') as typeof import('../main');
  const { openReadModelDatabase } = require('../read-model/database') as typeof import('../read-model/database');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const env = { ...process.env, ...(options.dataDir ? { DTL_DATA_DIR: options.dataDir } : {}), ...(options.ledger ? { DTL_LEDGER: options.ledger } : {}), ...(options.index ? { DTL_READ_MODEL: options.index } : {}) };
  let config;
  try {
    config = parseConfig(env);
  } catch (error) {
    throw new BadInput((error as Error).message);
  }
  if (config.readModel === undefined) throw new BadInput('the read model is off (DTL_READ_MODEL=off); pass --index');
  if (config.ledger === 'embedded') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { existsSync } = require('node:fs') as typeof import('node:fs');
    if (!existsSync(config.dataDir)) throw new BadInput(`no embedded ledger in ${config.dataDir} (--data-dir)`);
  }
  const ledger = await openLedger(config);
  try {
    if ((await ledger.height()) === 0) throw new BadInput(`the chain in ${config.dataDir} has no blocks`);
    const index = await openReadModelDatabase(config.readModel);
    try {
      return await run(ledger, index);
    } finally {
      await index.close();
    }
  } finally {
    await ledger.close();
  }
}

export async function runIndexRebuild(options: IndexOptions, io: CliIo): Promise<number> {
  try {
    return await withChainAndIndex(options, async (ledger, index) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { projectInto } = require('../read-model/verify') as typeof import('../read-model/verify');
      const started = Date.now();
      const height = await ledger.height();
      await projectInto(index, ledger, height);
      const seconds = (Date.now() - started) / 1000;
      io.out(`rebuilt the read model at ${index.location} (${index.dialect}) from ${height} blocks in ${seconds.toFixed(1)} s; ${((await index.sizeBytes()) / 1048576).toFixed(1)} MiB\n`);
      return EXIT.OK;
    });
  } catch (error) {
    if (error instanceof BadInput) {
      io.err(`dtl index rebuild: ${error.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }
}

function describe(report: VerifyReport): string {
  const lines = [`index height ${report.indexHeight}, chain height ${report.chainHeight}, ${report.rowsCompared} rows compared`];
  if (report.checkpointProblem) lines.push(`checkpoint: ${report.checkpointProblem}`);
  for (const d of report.differences) {
    if (d.kind === 'changed') lines.push(`changed    ${d.table} ${d.key}: ${(d.columns ?? []).map((c) => `${c.column} index=${JSON.stringify(c.index)} chain=${JSON.stringify(c.chain)}`).join('; ')}`);
    else if (d.kind === 'missing') lines.push(`missing    ${d.table} ${d.key} (in the chain, not in the index)`);
    else lines.push(`unexpected ${d.table} ${d.key} (in the index, not in the chain)`);
  }
  if (report.moreDifferences > 0) lines.push(`… and ${report.moreDifferences} more differences`);
  lines.push(report.ok ? 'the index matches the chain' : 'the index DIFFERS from the chain: run `dtl index rebuild`');
  return `${lines.join('\n')}\n`;
}

export async function runIndexVerify(options: IndexOptions, io: CliIo): Promise<number> {
  try {
    return await withChainAndIndex(options, async (ledger, index) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { verifyIndex } = require('../read-model/verify') as typeof import('../read-model/verify');
      const report = await verifyIndex(index, ledger);
      io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
      return report.ok ? EXIT.OK : EXIT.INVALID;
    });
  } catch (error) {
    if (error instanceof BadInput) {
      io.err(`dtl index verify: ${error.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }
}

export function indexCommand(io: CliIo, setExit: (code: number) => void): Command {
  const common = (command: Command): Command =>
    command
      .option('--data-dir <dir>', 'embedded ledger data directory (DTL_DATA_DIR)')
      .option('--ledger <kind>', 'embedded or fabric (DTL_LEDGER)')
      .option('--index <location>', 'read model: SQLite file or postgres:// URL (DTL_READ_MODEL; default <data-dir>/read-model.sqlite)');
  const index = new Command('index').description('the read model (lists, search, audit aggregates): rebuild it from the chain, or verify it against the chain');
  index.addCommand(common(new Command('rebuild').description('drop the read model and project every block again')).action(async (options: IndexOptions) => setExit(await runIndexRebuild(options, io))));
  index.addCommand(common(new Command('verify').description('recompute the read model from the blocks and name every row that differs (exit 1)')).option('--json', 'print the report as JSON').action(async (options: IndexOptions) => setExit(await runIndexVerify(options, io))));
  return index;
}
