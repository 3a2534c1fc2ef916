/**
 * dtl backup / dtl restore against a running gateway: HTTP submits offered at ~200/s (open loop) keep committing while
 * `dtl backup` takes its snapshot through the gateway's control socket; the backup is restored into another data dir,
 * where every acknowledged record up to the backup's height is present, `dtl chain verify` passes and the ledger
 * carries on committing. A backup that does not match its manifest (flipped byte, truncated dump, extra or missing
 * file) is refused and leaves nothing behind.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contracts } from '@dtl/chaincode';
import { signRecord } from '@dtl/chaincode/crypto';
import { guapianRegistration } from '@dtl/fixtures';
import { DUMP_FILE, MANIFEST_FILE, type BackupManifest } from '../../src/backup/backup';
import { serveControl, type ControlServer } from '../../src/backup/control';
import { main as dtl } from '../../src/cli/main';
import { EmbeddedLedger } from '../../src/ledger/embedded/embedded-ledger';
import { startTestGateway, TEST_COOPERATIVE, type TestGateway } from '../../src/http/test-support';

const DEPARTMENT = TEST_COOPERATIVE.id; // a batch is registered by its own producer (issue 14)
const RATE = Number(process.env.DTL_BACKUP_TEST_RATE ?? 200);

function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; text: () => string } {
  let text = '';
  return { io: { out: (t) => (text += t), err: (t) => (text += t) }, text: () => text };
}

interface Acknowledged {
  readonly recordId: string;
  readonly batchId: string;
  readonly txId: string;
  readonly blockNumber: number;
}

describe('dtl backup under load and dtl restore', () => {
  let gateway: TestGateway;
  let server: Server;
  let control: ControlServer;
  let url: string;
  const scratch = mkdtempSync(join(tmpdir(), 'dtl-bk-'));
  const backupDir = join(scratch, 'backup');

  beforeAll(async () => {
    gateway = await startTestGateway();
    server = gateway.server.listen(0, '127.0.0.1');
    await new Promise<void>((ok) => server.once('listening', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    control = await serveControl({ dataDir: gateway.dataDir, snapshotCursor: () => gateway.ledger.snapshotCursor(), storedBlockBytes: (n) => gateway.ledger.storedBlockBytes(n) });
  });
  afterAll(async () => {
    await control.close();
    await new Promise<void>((done) => server.close(() => done()));
    await gateway.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('takes a consistent backup while ~200 submits/s commit, restores it elsewhere, and the restored ledger verifies and carries on', async () => {
    const token = await gateway.token(DEPARTMENT);
    const acknowledged: Acknowledged[] = [];
    const failures: string[] = [];
    let sequence = 0;
    const submitOne = async (): Promise<void> => {
      const n = sequence++;
      const batchId = `BK-${String(n).padStart(6, '0')}`;
      const record = { ...guapianRegistration(`bk-reg-${n}`, batchId), department: DEPARTMENT };
      const res = await fetch(`${url}/api/v1/batches`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ record }) });
      const body = (await res.json()) as { proof?: { txId: string; blockNumber: number }; error?: unknown };
      if (res.status !== 201 || body.proof === undefined) {
        failures.push(`${res.status} ${JSON.stringify(body)}`);
        return;
      }
      acknowledged.push({ recordId: record.id, batchId, txId: body.proof.txId, blockNumber: body.proof.blockNumber });
    };
    // Open loop: one submit every 1000/RATE ms, whatever the previous ones are doing.
    const inFlight = new Set<Promise<void>>();
    let offering = true;
    let offered = 0;
    const started = Date.now();
    const offer = (async (): Promise<void> => {
      let due = Date.now();
      while (offering) {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // Bounded: client and gateway share this process (and the machine is shared); past 64 in flight the offer waits.
        while (inFlight.size >= 64 && offering) await Promise.race([...inFlight]);
        const p = submitOne()
          .catch((error: unknown) => {
            failures.push(String(error));
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        offered++;
        due += 1000 / RATE;
      }
    })();
    const until = async (done: () => boolean, ms: number): Promise<void> => {
      const stop = Date.now() + ms;
      while (!done() && Date.now() < stop) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    // At least 2.5 s of load and 250 acknowledged records before the snapshot (the shared machine may lag the offer).
    await until(() => Date.now() - started >= 2500 && acknowledged.length >= 250, 20_000);
    const heightAtBackupStart = await gateway.ledger.height();
    const out = capture();
    const code = await dtl(['backup', '--data', gateway.dataDir, '--out', backupDir], out.io);
    const heightAtBackupEnd = await gateway.ledger.height();
    const ackedAtBackupEnd = acknowledged.length;
    await until(() => acknowledged.length >= ackedAtBackupEnd + 100, 20_000);
    offering = false;
    await offer;
    const offeredSeconds = (Date.now() - started) / 1000;
    await Promise.all([...inFlight]);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`backup under load: offered ${(offered / offeredSeconds).toFixed(0)} submits/s, acknowledged ${acknowledged.length} in ${seconds.toFixed(1)} s (${(acknowledged.length / seconds).toFixed(0)}/s); ${out.text()}`);
    expect(out.text()).toContain('backup written to');
    expect(code).toBe(0);
    expect(failures).toEqual([]);
    // The load was offered at ~200/s (open loop), every submit was acknowledged, and blocks kept committing while the
    // backup ran (checked below: the live ledger's height passed the backup's).
    // On a quiet 2-core machine the offer holds 200/s (figures in docs/operations.md); the floor only guards against a
    // load that never ran, since the machine running the suite may be shared (client and gateway share this process).
    expect(offered / offeredSeconds).toBeGreaterThan(RATE * 0.2);
    expect(acknowledged.length).toBe(offered);
    const manifest = JSON.parse(readFileSync(join(backupDir, MANIFEST_FILE), 'utf8')) as BackupManifest;
    expect(manifest.height).toBeGreaterThanOrEqual(heightAtBackupStart);
    expect(manifest.height).toBeLessThanOrEqual(heightAtBackupEnd);
    expect(await gateway.ledger.height()).toBeGreaterThan(manifest.height);
    expect(manifest.lastBlockHash).toBe((await gateway.ledger.block(manifest.height - 1))?.hash);
    process.stdout.write(`blocks committed while the backup was written: ${heightAtBackupEnd - manifest.height}\n`);
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining([DUMP_FILE, 'files/ledger-key.pem', 'files/ledger-key.pub.pem']));

    // Restore into another data dir: verified, then re-opened by the gateway's own ledger.
    const restoredDir = join(scratch, 'restored');
    const restoreOut = capture();
    expect(await dtl(['restore', backupDir, '--data', restoredDir], restoreOut.io)).toBe(0);
    expect(restoreOut.text()).toContain('chain: OK');
    const verifyOut = capture();
    expect(await dtl(['chain', 'verify', '--data', restoredDir], verifyOut.io)).toBe(0);
    expect(verifyOut.text()).toContain('chain: OK');

    const restored = await EmbeddedLedger.open({ dataDir: restoredDir, contracts });
    try {
      expect(await restored.height()).toBe(manifest.height);
      const owed = acknowledged.filter((a) => a.blockNumber < manifest.height);
      const after = acknowledged.filter((a) => a.blockNumber >= manifest.height);
      expect(owed.length).toBeGreaterThan(200);
      expect(after.length).toBeGreaterThan(0);
      for (const a of owed) {
        const tx = await restored.transaction(a.txId);
        expect(tx?.blockNumber).toBe(a.blockNumber);
      }
      // The records themselves, read through the chaincode on the restored ledger.
      for (const a of owed.filter((_, i) => i % 25 === 0)) {
        const bytes = await restored.evaluate({ identity: { province: 'anhui', role: 'client' }, contract: 'department', transaction: 'getRecord', args: [a.recordId] });
        expect(JSON.parse(Buffer.from(bytes).toString('utf8')).txId).toBe(a.txId);
      }
      // Nothing after the snapshot leaked into it.
      for (const a of after) expect(await restored.transaction(a.txId)).toBeUndefined();
      // It carries on: the next record commits on top of the restored head.
      const next = { ...guapianRegistration('bk-after-restore', 'BK-AFTER'), department: DEPARTMENT };
      const held = gateway.keystore.keyFor(DEPARTMENT);
      if (!held) throw new Error('no key');
      const committed = await restored.submit({ identity: { province: 'anhui', role: 'client' }, contract: 'trace', transaction: 'registerBatch', args: [JSON.stringify(signRecord(next, { privateKey: held.privateKey, keyId: held.keyId }))] });
      expect(committed.blockNumber).toBe(manifest.height);
    } finally {
      await restored.close();
    }
    const again = capture();
    expect(await dtl(['chain', 'verify', '--data', restoredDir], again.io)).toBe(0);
  });

  it('refuses a backup that does not match its manifest, and leaves the target empty', async () => {
    const copy = (name: string): string => {
      const dir = join(scratch, name);
      const cp = (from: string, to: string): void => {
        for (const entry of readdirSync(from)) {
          const source = join(from, entry);
          if (statSync(source).isDirectory()) {
            mkdirSync(join(to, entry), { recursive: true });
            cp(source, join(to, entry));
          } else writeFileSync(join(to, entry), readFileSync(source));
        }
      };
      mkdirSync(dir, { recursive: true });
      cp(backupDir, dir);
      return dir;
    };
    const flipped = copy('flipped');
    const dump = readFileSync(join(flipped, DUMP_FILE));
    const middle = Math.floor(dump.length / 2);
    dump[middle] = (dump[middle] ?? 0) ^ 0x01;
    writeFileSync(join(flipped, DUMP_FILE), dump);
    const truncated = copy('truncated');
    truncateSync(join(truncated, DUMP_FILE), statSync(join(truncated, DUMP_FILE)).size - 7);
    const extra = copy('extra');
    appendFileSync(join(extra, 'files', 'planted.pem'), 'not in the manifest');
    const missing = copy('missing');
    rmSync(join(missing, 'files', 'ledger-key.pub.pem'));
    const cases: Array<[string, string]> = [
      [flipped, 'digest does not match'],
      [truncated, 'bytes, the manifest says'],
      [extra, 'present but not in the manifest'],
      [missing, 'missing'],
    ];
    for (const [dir, reason] of cases) {
      const target = join(scratch, `target-${dir.split('/').pop() ?? ''}`);
      const out = capture();
      expect(await dtl(['restore', dir, '--data', target], out.io)).toBe(1);
      expect(out.text()).toContain(reason);
      expect(existsSync(join(target, 'ledger'))).toBe(false);
      const check = capture();
      expect(await dtl(['restore', dir, '--check-only'], check.io)).toBe(1);
    }
    const good = capture();
    expect(await dtl(['restore', backupDir, '--check-only'], good.io)).toBe(0);
    // Not into a data dir that already holds a ledger.
    const busy = capture();
    expect(await dtl(['restore', backupDir, '--data', gateway.dataDir], busy.io)).toBe(1);
    expect(busy.text()).toContain('not empty');
  });

  it('backs up a stopped ledger itself, also past a control socket left by a gateway that did not shut down', async () => {
    const stopped = join(scratch, 'restored'); // the ledger restored by the first test, closed
    writeFileSync(join(stopped, 'control.sock'), ''); // stale: nobody listens
    const out = capture();
    expect(await dtl(['backup', '--data', stopped, '--out', join(scratch, 'offline')], out.io)).toBe(0);
    expect(out.text()).toMatch(/backup written to .*height \d+/);
    const manifest = JSON.parse(readFileSync(join(scratch, 'offline', MANIFEST_FILE), 'utf8')) as BackupManifest;
    expect(manifest.files.map((f) => f.path)).not.toContain('files/control.sock');
    const check = capture();
    expect(await dtl(['restore', join(scratch, 'offline'), '--check-only'], check.io)).toBe(0);
    // Not into a backup directory that is not empty.
    const again = capture();
    expect(await dtl(['backup', '--data', stopped, '--out', join(scratch, 'offline')], again.io)).toBe(2);
    expect(again.text()).toContain('not empty');
  });

  it('a standby seeded by dtl restore replays the primary\'s later blocks from its control socket, and refuses a fork', async () => {
    const seed = join(scratch, 'standby-seed');
    const standby = join(scratch, 'standby');
    expect(await dtl(['backup', '--data', gateway.dataDir, '--out', seed], capture().io)).toBe(0);
    expect(await dtl(['restore', seed, '--data', standby], capture().io)).toBe(0);
    const token = await gateway.token(DEPARTMENT);
    const later: string[] = [];
    for (let i = 0; i < 30; i++) {
      const record = { ...guapianRegistration(`sb-reg-${i}`, `SB-${i}`), department: DEPARTMENT };
      const res = await fetch(`${url}/api/v1/batches`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ record }) });
      expect(res.status).toBe(201);
      later.push(((await res.json()) as { proof: { txId: string } }).proof.txId);
    }
    const socket = control.path ?? '';
    const out = capture();
    expect(await dtl(['standby', 'follow', '--data', standby, '--socket', socket, '--once'], out.io)).toBe(0);
    const height = await gateway.ledger.height();
    expect(out.text()).toContain(`standby at height ${height}, head ${(await gateway.ledger.block(height - 1))?.hash ?? 'none'}`);
    const verify = capture();
    expect(await dtl(['chain', 'verify', '--data', standby], verify.io)).toBe(0);
    expect(verify.text()).toContain('chain: OK');
    const replica = await EmbeddedLedger.open({ dataDir: standby, contracts });
    try {
      for (const txId of later) expect((await replica.transaction(txId))?.txId).toBe(txId);
    } finally {
      await replica.close();
    }
    // Caught up: nothing more to apply.
    const again = capture();
    expect(await dtl(['standby', 'follow', '--data', standby, '--socket', socket, '--once'], again.io)).toBe(0);
    expect(again.text()).toContain('(0 block(s) applied)');
    // The ledger restored by the first test committed a block of its own: the primary's next block does not extend it.
    const fork = capture();
    expect(await dtl(['standby', 'follow', '--data', join(scratch, 'restored'), '--socket', socket, '--once'], fork.io)).toBe(1);
    expect(fork.text()).toContain('does not link');
  });
});
