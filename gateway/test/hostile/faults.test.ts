/**
 * Faults of the embedded ledger's storage: an unwritable data directory, a full disk, and a restart over a corrupted
 * block. Each must give a clear error and no corruption: whatever was acknowledged is still there afterwards and
 * `dtl chain verify` passes; a corrupted block is refused at open with the block named.
 *
 * No root tricks: "unwritable" is a path under a regular file, and a read-only directory opened by an unprivileged
 * child (uid 65534 when the test runs as root, since root ignores permission bits); "full disk" is a child process
 * whose RLIMIT_FSIZE (`ulimit -f`) makes the kernel refuse file growth with EFBIG.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { computeDataHash, computeHeaderHash, decodeBlock, encodeBlock } from '../../src/ledger/embedded/block';
import { EmbeddedLedger, LEDGER_DB_DIR } from '../../src/ledger/embedded/embedded-ledger';
import { blockKey } from '../../src/ledger/embedded/layout';
import { readLedgerPublicKey } from '../../src/ledger/embedded/ledger-key';
import { verifyChain } from '../../src/ledger/embedded/verify';
import { AttestationContract } from '../conformance/attestation-contract';
import { bundleTypeScript } from '../conformance/bundle-ts';
import { recordFigures } from './figures';
import { TEST_JWT_SECRET, login, startGatewayProcess, stopGatewayProcess } from './gateway-process';
import { contracts } from '@dtl/chaincode';

const NOBODY = 65534;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

interface WriterRun {
  readonly acks: string[];
  readonly failures: string[];
  readonly openFailed: string | undefined;
  readonly done: boolean;
  readonly exit: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the fault writer (optionally under a shell prefix such as `ulimit -f`), bounded to `timeoutMs`. */
function runWriter(script: string, dataDir: string, opts: { max?: number; fileSizeKb?: number; uid?: number; timeoutMs?: number } = {}): Promise<WriterRun> {
  return new Promise((resolve) => {
    const args = [script, dataDir, String(opts.max ?? 2000)];
    const child =
      opts.fileSizeKb === undefined
        ? spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }) })
        : spawn('bash', ['-c', `ulimit -f ${opts.fileSizeKb} && exec "$0" "$@"`, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('exit', (exit, signal) => {
      clearTimeout(timer);
      const lines = stdout.split('\n').filter(Boolean);
      const rest = (prefix: string): string[] => lines.filter((l) => l.startsWith(`${prefix} `)).map((l) => l.slice(prefix.length + 1));
      resolve({
        acks: rest('ack'),
        failures: rest('fail'),
        openFailed: rest('open-failed')[0],
        done: rest('done').length > 0,
        exit,
        signal,
        stderr,
      });
    });
  });
}

async function ackedAllValid(dataDir: string, txIds: readonly string[]): Promise<number> {
  const ledger = await EmbeddedLedger.open({ dataDir, contracts: [AttestationContract] });
  let found = 0;
  try {
    for (const txId of txIds) if ((await ledger.transaction(txId))?.validationCode === 'VALID') found++;
  } finally {
    await ledger.close();
  }
  return found;
}

/** A small ledger with `blocks` blocks of signed attestations (one transaction each). */
async function buildLedger(dataDir: string, blocks: number): Promise<string[]> {
  const ledger = await EmbeddedLedger.open({ dataDir, contracts: [AttestationContract] });
  const identity = { province: 'shanghai', role: 'client' } as const;
  const signer = sm2GenerateKeyPair();
  const txIds: string[] = [];
  try {
    txIds.push((await ledger.submit({ identity, contract: 'attestation', transaction: 'registerKey', args: ['sh-samr#1', bytesToHex(signer.publicKey)] })).txId);
    for (let i = 1; i < blocks; i++) {
      const record = signRecord({ id: `R-${i}`, subject: '91310000MA1FL00000', statement: '守信激励', issuedAt: '2025-01-01T00:00:00Z' }, { privateKey: signer.privateKey, keyId: 'sh-samr#1' });
      txIds.push((await ledger.submit({ identity, contract: 'attestation', transaction: 'attest', args: [JSON.stringify(record)] })).txId);
    }
  } finally {
    await ledger.close();
  }
  return txIds;
}

describe('storage faults of the embedded ledger: clear errors, nothing acknowledged lost, no corruption', () => {
  let root: string;
  let script: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dtl-faults-'));
    chmodSync(root, 0o755);
    script = await bundleTypeScript(join(__dirname, 'fault-writer.ts'), 'fault-writer');
  }, 60_000);

  const figures: Record<string, unknown> = {};

  afterAll(() => {
    recordFigures('faults', figures);
    rmSync(root, { recursive: true, force: true });
  });

  it('a data directory path under a regular file is refused with an error naming the path', async () => {
    const file = join(root, 'not-a-dir');
    writeFileSync(file, 'x');
    const dataDir = join(file, 'data');
    await expect(EmbeddedLedger.open({ dataDir, contracts: [AttestationContract] })).rejects.toThrow(/not-a-dir/);
  });

  it('a read-only data directory is refused with a clear error and nothing is written into it', async () => {
    const dataDir = join(root, 'readonly-fresh');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o555);
    const run = await runWriter(script, dataDir, isRoot ? { uid: NOBODY } : {});
    expect(run.stderr).toBe('');
    expect(run.openFailed).toMatch(/EACCES|permission denied/i);
    expect(run.openFailed).toContain(dataDir);
    expect(readdirSync(dataDir)).toEqual([]);
  }, 60_000);

  it('a committed ledger whose directory became read-only: refused at open; once writable again nothing is lost', async () => {
    const dataDir = join(root, 'readonly-ledger');
    const txIds = await buildLedger(dataDir, 4);
    // The service account owns its data directory; it is the write permission that is gone.
    const owner = isRoot ? NOBODY : (process.getuid?.() ?? 0);
    const makeWritable = (writable: boolean): void => {
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else {
            if (isRoot) chownSync(path, writable ? 0 : owner, writable ? 0 : owner);
            chmodSync(path, writable ? 0o644 : 0o444);
          }
        }
        if (isRoot) chownSync(dir, writable ? 0 : owner, writable ? 0 : owner);
        chmodSync(dir, writable ? 0o755 : 0o555);
      };
      walk(dataDir);
    };
    makeWritable(false);
    try {
      const run = await runWriter(script, dataDir, isRoot ? { uid: NOBODY } : {});
      expect(run.openFailed).toMatch(/LEDGER_UNAVAILABLE|EACCES|permission denied/i);
      expect(run.acks).toEqual([]);
    } finally {
      makeWritable(true);
    }
    const verification = await verifyChain(join(dataDir, LEDGER_DB_DIR), readLedgerPublicKey(dataDir));
    expect(verification.problems).toEqual([]);
    expect(verification.height).toBe(4);
    expect(await ackedAllValid(dataDir, txIds)).toBe(txIds.length);
  }, 60_000);

  it('a full disk (RLIMIT_FSIZE): submissions fail with UNAVAILABLE and EFBIG, every acknowledged one survives, the chain verifies, writes resume once space returns', async () => {
    const dataDir = join(root, 'full-disk');
    // 1 MiB per file: LevelDB's write-ahead log reaches it after a few hundred transactions.
    const run = await runWriter(script, dataDir, { fileSizeKb: 1024, max: 2000, timeoutMs: 90_000 });
    expect(run.signal).toBeNull(); // SIGXFSZ was caught: the process was not killed by the limit
    expect(run.done).toBe(true);
    expect(run.acks.length).toBeGreaterThan(10);
    expect(run.failures.length).toBeGreaterThan(0);
    expect(run.failures[0]).toMatch(/^UNAVAILABLE: block commit failed: .*(too large|EFBIG|IO error)/i);

    const verification = await verifyChain(join(dataDir, LEDGER_DB_DIR), readLedgerPublicKey(dataDir));
    expect(verification.problems).toEqual([]);
    expect(verification.records.invalid).toBe(0);
    expect(await ackedAllValid(dataDir, run.acks)).toBe(run.acks.length);

    // Space is back (no limit): the same directory takes writes again and still verifies.
    const again = await runWriter(script, dataDir, { max: 5 });
    expect(again.failures).toEqual([]);
    expect(again.acks.length).toBe(1 + 5 * 4);
    const after = await verifyChain(join(dataDir, LEDGER_DB_DIR), readLedgerPublicKey(dataDir));
    expect(after.problems).toEqual([]);
    expect(after.height).toBeGreaterThan(verification.height);
    expect(await ackedAllValid(dataDir, [...run.acks, ...again.acks])).toBe(run.acks.length + again.acks.length);
    figures.fullDisk = { acknowledgedBeforeFull: run.acks.length, failedSubmissions: run.failures.length, firstError: run.failures[0], lost: 0, chainVerified: true };
  }, 180_000);

  it('the gateway process on a full disk: 503 with a JSON error, keeps serving reads, nothing acknowledged lost after a restart', async () => {
    const gatewayScript = await bundleTypeScript(join(__dirname, 'gateway-child.ts'), 'hostile-gateway-child-faults');
    const dataDir = join(root, 'gateway-full-disk');
    // First start without a limit: departments, keys and API keys are written.
    await stopGatewayProcess(await startGatewayProcess(gatewayScript, dataDir));
    const gateway = await startGatewayProcess(gatewayScript, dataDir, { fileSizeKb: 1024 });
    const acknowledged: string[] = [];
    let refusal: { status: number; body: { error?: { code?: string; message?: string } } } | undefined;
    try {
      const token = await login(gateway.url, 'sh-hostile-samr');
      for (let i = 0; i < 3000 && refusal === undefined; i++) {
        const record = {
          type: 'credit.entry',
          id: `full-${i}`,
          department: 'sh-hostile-samr',
          list: 'black',
          subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' },
          category: 'public-resource-trading-fraud',
          legalBasis: '《中华人民共和国招标投标法》第五十三条'.repeat(12),
          measures: ['no-bidding'],
          validFrom: '2025-01-01T00:00:00Z',
        };
        const res = await fetch(`${gateway.url}/api/v1/credit/entries`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ record }) });
        const body = (await res.json()) as { receipt?: { id: string }; error?: { code?: string; message?: string } };
        if (res.status === 201 && body.receipt) acknowledged.push(body.receipt.id);
        else refusal = { status: res.status, body };
      }
      expect(acknowledged.length).toBeGreaterThan(10);
      expect(refusal?.status).toBe(503);
      expect(refusal?.body.error?.code).toBe('UNAVAILABLE');
      // A clear error without the server's internals (the detail — `IO error: …/ledger/…log: File too large` — is logged).
      expect(refusal?.body.error?.message).toBe('the ledger is unavailable; try again later');
      for (let wait = 0; wait < 40 && !/block commit failed/.test(gateway.output()); wait++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(gateway.output()).toMatch(/block commit failed: IO error: .*File too large/);
      // …and the process's own log carries no secret while it reports the failure.
      expect(gateway.output()).not.toMatch(/PRIVATE KEY|dtl-demo-|Bearer /);
      expect(gateway.output()).not.toContain(TEST_JWT_SECRET);
      // Still up: health and reads are served while writes are refused.
      expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
      const read = await fetch(`${gateway.url}/api/v1/records/${acknowledged[0] ?? 'x'}`, { headers: { authorization: `Bearer ${token}` } });
      expect(read.status).toBe(200);
      expect(gateway.child.exitCode).toBeNull();
    } finally {
      await stopGatewayProcess(gateway, 'SIGKILL');
    }
    const verification = await verifyChain(join(dataDir, LEDGER_DB_DIR), readLedgerPublicKey(dataDir));
    expect(verification.problems).toEqual([]);
    const ledger = await EmbeddedLedger.open({ dataDir, contracts });
    let present = 0;
    try {
      for (const id of acknowledged) {
        const stored = await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'department', transaction: 'getRecord', args: [id] }).catch(() => undefined);
        if (stored !== undefined) present++;
      }
    } finally {
      await ledger.close();
    }
    expect(present).toBe(acknowledged.length);
    figures.gatewayFullDisk = { acknowledgedBeforeFull: acknowledged.length, refusal: refusal?.status, message: refusal?.body.error?.message, lost: acknowledged.length - present, chainVerified: verification.ok };
  }, 180_000);

  describe('a restart over a corrupted block is refused with the block named', () => {
    const BLOCKS = 8;
    let pristine: string;

    beforeAll(async () => {
      pristine = join(root, 'pristine');
      await buildLedger(pristine, BLOCKS);
    }, 60_000);

    async function withCopy(name: string, damage: (db: Level<Buffer, Buffer>) => Promise<void>): Promise<string> {
      const dataDir = join(root, `corrupt-${name}`);
      cpSync(pristine, dataDir, { recursive: true });
      const db = new Level<Buffer, Buffer>(join(dataDir, LEDGER_DB_DIR), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
      await db.open();
      try {
        await damage(db);
      } finally {
        await db.close();
      }
      return dataDir;
    }

    async function openError(dataDir: string): Promise<string> {
      try {
        const ledger = await EmbeddedLedger.open({ dataDir, contracts: [AttestationContract] });
        await ledger.close();
      } catch (error) {
        return (error as Error).message;
      }
      return 'opened';
    }

    it('the untouched copy opens and verifies', async () => {
      expect(await openError(pristine)).toBe('opened');
      expect((await verifyChain(join(pristine, LEDGER_DB_DIR), readLedgerPublicKey(pristine))).ok).toBe(true);
    });

    const cases: Array<[string, number, (raw: Buffer) => Buffer | undefined]> = [
      ['a flipped byte in a middle block', 3, (raw) => {
        const out = Buffer.from(raw);
        const at = raw.indexOf('"transactions"') + 40;
        out[at] = (out[at] ?? 0) ^ 0x01;
        return out;
      }],
      ['a truncated block', 5, (raw) => raw.subarray(0, raw.length - 7)],
      ['an edited transaction argument', 2, (raw) => Buffer.from(raw.toString('utf8').replace('守信激励', '失信惩戒'))],
      ['a validation code changed', 4, (raw) => Buffer.from(raw.toString('utf8').replace('"VALID"', '"MVCC_READ_CONFLICT"'))],
      ['a missing block', 6, () => undefined],
      ['a flipped byte in the head block signature', BLOCKS - 1, (raw) => {
        const text = raw.toString('utf8');
        const at = text.lastIndexOf('"value":"') + 20;
        return Buffer.from(text.slice(0, at) + (text[at] === 'a' ? 'b' : 'a') + text.slice(at + 1));
      }],
    ];

    it.each(cases)('%s (block %i)', async (name, number, damage) => {
      const dataDir = await withCopy(name.replace(/\W+/g, '-'), async (db) => {
        const raw = await db.get(blockKey(number));
        expect(raw).toBeDefined();
        const replaced = damage(raw as Buffer);
        if (replaced === undefined) await db.del(blockKey(number));
        else await db.put(blockKey(number), replaced);
      });
      const message = await openError(dataDir);
      expect(message).toMatch(new RegExp(`^LEDGER_CORRUPT: block ${number} `));
      // Refusing to open writes nothing: the offline verifier agrees on the first bad block.
      const verification = await verifyChain(join(dataDir, LEDGER_DB_DIR), readLedgerPublicKey(dataDir));
      expect(verification.ok).toBe(false);
      expect(verification.firstBadBlock).toBe(number);
      expect(verification.height).toBe(BLOCKS);
      figures.corruptedBlocksRefused = (Number(figures.corruptedBlocksRefused) || 0) + 1;
    });

    it('a block re-hashed by a forger breaks the link of the next block, which is named', async () => {
      const dataDir = await withCopy('rehashed', async (db) => {
        const block = decodeBlock((await db.get(blockKey(2))) as Buffer);
        const [tx, ...others] = block.transactions;
        if (!tx) throw new Error('block 2 has no transaction');
        const transactions = [{ ...tx, args: tx.args.map((a) => a.replace('守信激励', '失信惩戒')) }, ...others];
        const header = { ...block.header, dataHash: computeDataHash(transactions) };
        await db.put(blockKey(2), encodeBlock({ ...block, transactions, header, hash: computeHeaderHash(header) }));
      });
      expect(await openError(dataDir)).toMatch(/^LEDGER_CORRUPT: block 3 does not link to the hash of block 2/);
      expect((await verifyChain(join(dataDir, LEDGER_DB_DIR), readLedgerPublicKey(dataDir))).firstBadBlock).toBe(2);
      figures.corruptedBlocksRefused = (Number(figures.corruptedBlocksRefused) || 0) + 1;
    });
  });
});
