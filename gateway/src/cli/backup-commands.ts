/**
 * dtl backup --out DIR [--data DIR]      a consistent snapshot of the embedded ledger with a manifest; asks the running
 *                                        gateway through its control socket, or opens a stopped ledger itself
 * dtl restore BACKUP --data DIR [--check-only]
 *                                        verifies the backup against its manifest, restores it into an empty data dir
 *                                        and re-verifies the chain; refuses (exit 1) a backup that does not verify
 * dtl standby follow --data STANDBY --socket PRIMARY_SOCKET [--once] [--interval-ms N]
 *                                        replays the primary's blocks into a standby seeded by dtl restore (backup/standby.ts)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { BackupError, backupSize, restoreBackup, verifyBackup, writeBackup, type BackupManifest } from '../backup/backup';
import { controlSocketPath, fetchBlocks, requestBackup } from '../backup/control';
import { followOnce } from '../backup/standby';
import { LEDGER_DB_DIR } from '../ledger/embedded/embedded-ledger';
import { LedgerStore } from '../ledger/embedded/store';
import { EXIT, type CliIo } from './io';

const DEFAULT_DATA = (): string => process.env.DTL_DATA_DIR ?? './data';

function describe(manifest: BackupManifest, seconds: number): string {
  return `height ${manifest.height}, last block ${manifest.lastBlockHash || '(none)'}, ${manifest.entries} entries, ${manifest.files.length} files, ${backupSize(manifest)} bytes, ${seconds.toFixed(2)} s\n`;
}

export async function runBackup(options: { data: string; out: string }, io: CliIo): Promise<number> {
  const started = process.hrtime.bigint();
  let manifest: BackupManifest;
  try {
    let viaGateway: BackupManifest | undefined;
    if (existsSync(controlSocketPath(options.data))) {
      try {
        viaGateway = await requestBackup(options.data, options.out);
      } catch (error) {
        // A socket left by a gateway that did not shut down cleanly: nobody listens, so open the ledger here.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ECONNREFUSED' && code !== 'ENOENT') throw error;
      }
    }
    if (viaGateway !== undefined) {
      manifest = viaGateway;
    } else {
      if (!existsSync(join(options.data, LEDGER_DB_DIR))) throw new BackupError(`no embedded ledger at ${join(options.data, LEDGER_DB_DIR)}`);
      const store = await LedgerStore.open(join(options.data, LEDGER_DB_DIR));
      try {
        manifest = await writeBackup({ dataDir: options.data, snapshotCursor: () => store.snapshotCursor() }, options.out);
      } finally {
        await store.close();
      }
    }
  } catch (error) {
    io.err(`dtl backup: ${(error as Error).message}\n`);
    return EXIT.BAD_INPUT;
  }
  io.out(`backup written to ${options.out}: ${describe(manifest, Number(process.hrtime.bigint() - started) / 1e9)}`);
  return EXIT.OK;
}

export async function runRestore(backup: string, options: { data: string; checkOnly?: boolean }, io: CliIo): Promise<number> {
  const started = process.hrtime.bigint();
  if (options.checkOnly) {
    const check = verifyBackup(backup);
    for (const problem of check.problems) io.out(`FAIL ${problem}\n`);
    io.out(check.ok && check.manifest ? `backup: OK — ${describe(check.manifest, Number(process.hrtime.bigint() - started) / 1e9)}` : 'backup: INVALID\n');
    return check.ok ? EXIT.OK : EXIT.INVALID;
  }
  try {
    const result = await restoreBackup(backup, options.data);
    io.out(`restored into ${options.data}: ${describe(result.manifest, Number(process.hrtime.bigint() - started) / 1e9)}`);
    io.out(`chain: OK (${result.chain.height} blocks, ${result.chain.transactions} transactions re-verified; check ${result.seconds.check.toFixed(2)} s, load ${result.seconds.load.toFixed(2)} s, verify ${result.seconds.verify.toFixed(2)} s)\n`);
    return EXIT.OK;
  } catch (error) {
    io.err(`dtl restore: ${(error as Error).message}\n`);
    return error instanceof BackupError ? EXIT.INVALID : EXIT.BAD_INPUT;
  }
}

export async function runFollow(options: { data: string; socket: string; once?: boolean; intervalMs?: string }, io: CliIo, signal?: AbortSignal): Promise<number> {
  const interval = Number(options.intervalMs ?? '1000');
  if (!Number.isInteger(interval) || interval < 100 || interval > 3_600_000) {
    io.err('dtl standby follow: --interval-ms must be 100 to 3600000\n');
    return EXIT.BAD_INPUT;
  }
  if (!existsSync(join(options.data, LEDGER_DB_DIR))) {
    io.err(`dtl standby follow: no embedded ledger at ${join(options.data, LEDGER_DB_DIR)}: seed the standby with dtl restore first\n`);
    return EXIT.BAD_INPUT;
  }
  for (;;) {
    try {
      const result = await followOnce(options.data, (from, limit) => fetchBlocks(options.socket, from, limit));
      io.out(`standby at height ${result.height}, head ${result.head || '(none)'} (${result.applied} block(s) applied)\n`);
    } catch (error) {
      io.err(`dtl standby follow: ${(error as Error).message}\n`);
      return error instanceof BackupError ? EXIT.INVALID : EXIT.BAD_INPUT;
    }
    if (options.once || signal?.aborted) return EXIT.OK;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export function backupCommands(io: CliIo, setExit: (code: number) => void): Command[] {
  const backup = new Command('backup')
    .description('write a consistent backup of the embedded ledger (running or stopped) with a manifest of height, last block hash and file digests')
    .requiredOption('--out <dir>', 'backup directory (new or empty)')
    .option('--data <dir>', 'data directory of the embedded ledger', DEFAULT_DATA())
    .action(async (options: { data: string; out: string }) => {
      setExit(await runBackup(options, io));
    });
  const restore = new Command('restore')
    .description('verify a backup against its manifest and restore it into an empty data directory; the restored chain is re-verified')
    .argument('<backup>', 'backup directory written by dtl backup')
    .option('--data <dir>', 'new (empty) data directory to restore into', DEFAULT_DATA())
    .option('--check-only', 'only check the backup against its manifest')
    .action(async (backupDir: string, options: { data: string; checkOnly?: boolean }) => {
      setExit(await runRestore(backupDir, options, io));
    });
  const standby = new Command('standby').description('a standby embedded ledger at a second site');
  standby
    .command('follow')
    .description("replay the primary's blocks (read from its control socket, e.g. forwarded over SSH) into this standby; refuses a block that does not extend it")
    .requiredOption('--socket <path>', "the primary's control socket (<primary data>/control.sock, or an SSH-forwarded path)")
    .option('--data <dir>', 'data directory of the standby (seeded by dtl restore; its gateway stopped)', DEFAULT_DATA())
    .option('--once', 'catch up once and exit (default: keep following)')
    .option('--interval-ms <n>', 'poll interval while following', '1000')
    .action(async (options: { data: string; socket: string; once?: boolean; intervalMs?: string }) => {
      const stop = new AbortController();
      if (!options.once) process.once('SIGINT', () => stop.abort());
      setExit(await runFollow(options, io, stop.signal));
    });
  return [backup, restore, standby];
}
