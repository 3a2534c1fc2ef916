/**
 * npm run bench:backup — `dtl backup` and `dtl restore` of the embedded ledger at 100,000 and 1,000,000 records:
 * backup time and size (taken online, while a background writer keeps committing single records), restore time
 * (manifest check, load into a new LevelDB, then the full `dtl chain verify` of the restored chain, reported apart).
 * Records are loaded through the ledger's own endorse/order/validate/commit path, 1,000 generated records per
 * transaction. BENCH_BACKUP_RECORDS (default "100000,1000000") sets the points.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupSize, restoreBackup, verifyBackup, writeBackup } from '../gateway/src/backup/backup';
import { EmbeddedLedger } from '../gateway/src/ledger/embedded/embedded-ledger';
import { BulkLoadContract } from './bulk-load-contract';

const POINTS = (process.env.BENCH_BACKUP_RECORDS ?? '100000,1000000').split(',').map(Number);
const identity = { province: 'anhui', role: 'client' } as const;

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'dtl-bench-backup-'));
  const dataDir = join(scratch, 'data');
  const ledger = await EmbeddedLedger.open({ dataDir, contracts: [BulkLoadContract] });
  console.log(`backup/restore bench (data in ${scratch}); load average at start: ${load()}`);
  let loaded = 0;
  let background = 1_000_000_000;
  try {
    for (const target of POINTS) {
      const loadStarted = process.hrtime.bigint();
      while (loaded < target) {
        const wave: Array<Promise<unknown>> = [];
        for (let i = 0; i < 4 && loaded < target; i++) {
          const count = Math.min(1000, target - loaded);
          wave.push(ledger.submit({ identity, contract: 'bulk', transaction: 'load', args: [String(loaded), String(count)] }));
          loaded += count;
        }
        await Promise.all(wave);
      }
      console.log(`\n${loaded} records loaded (${seconds(loadStarted).toFixed(1)} s), height ${await ledger.height()}`);
      // Online: a writer keeps committing one record at a time while the backup runs.
      let writing = true;
      let committedDuring = 0;
      const writer = (async (): Promise<void> => {
        while (writing) {
          await ledger.submit({ identity, contract: 'bulk', transaction: 'load', args: [String(background++), '1'] });
          committedDuring++;
        }
      })();
      const backupDir = join(scratch, `backup-${target}`);
      const backupStarted = process.hrtime.bigint();
      const manifest = await writeBackup({ dataDir, snapshotCursor: () => ledger.snapshotCursor() }, backupDir);
      const backupSeconds = seconds(backupStarted);
      writing = false;
      await writer;
      console.log(`backup:  ${backupSeconds.toFixed(2)} s, ${mib(backupSize(manifest))} (${manifest.entries} LevelDB entries, height ${manifest.height}); ${committedDuring} blocks committed meanwhile; load average ${load()}`);
      const checkStarted = process.hrtime.bigint();
      const check = verifyBackup(backupDir);
      if (!check.ok) throw new Error(`backup does not verify: ${check.problems.join('; ')}`);
      console.log(`check:   ${seconds(checkStarted).toFixed(2)} s (every file's SM3 digest against the manifest)`);
      const restoredDir = join(scratch, `restored-${target}`);
      const restoreStarted = process.hrtime.bigint();
      const restored = await restoreBackup(backupDir, restoredDir);
      const t = restored.seconds;
      console.log(`restore: ${seconds(restoreStarted).toFixed(2)} s = manifest check ${t.check.toFixed(2)} s + load into LevelDB ${t.load.toFixed(2)} s + full chain verify ${t.verify.toFixed(2)} s (${restored.chain.height} blocks, ${restored.chain.transactions} transactions); load average ${load()}`);
      rmSync(restoredDir, { recursive: true, force: true });
      rmSync(backupDir, { recursive: true, force: true });
    }
  } finally {
    await ledger.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
