/**
 * Backup and restore of an embedded ledger's data directory.
 *
 * A backup is a directory:
 *   manifest.json      version, height, last block hash, entry count, and the size and digest of every file below
 *   ledger.dump        every LevelDB entry of one consistent snapshot (taken while blocks keep committing), in key
 *                      order: magic `DTLDUMP1\n`, then per entry u32 key length, key, u32 value length, value
 *   files/…            the data dir's other files as they were (ledger signing key, organisation identities,
 *                      keystore, JWT secret): encrypted when they are encrypted at rest
 *
 * Restore refuses a backup whose files do not match the manifest, whose dump is truncated or holds another height
 * or head hash than the manifest says, or whose restored chain does not pass `dtl chain verify`; it writes into an
 * empty directory only, and removes what it wrote when it refuses.
 */
import { createHash, getHashes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { decodeBlock } from '../ledger/embedded/block';
import { LEDGER_DB_DIR } from '../ledger/embedded/embedded-ledger';
import { HEIGHT_KEY, blockKey, readU64 } from '../ledger/embedded/layout';
import { readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import type { RawCursor } from '../ledger/embedded/store';
import { LedgerStore } from '../ledger/embedded/store';
import { verifyChain, type ChainVerification } from '../ledger/embedded/verify';

export const MANIFEST_FILE = 'manifest.json';
export const DUMP_FILE = 'ledger.dump';
export const FILES_DIR = 'files';
const MAGIC = Buffer.from('DTLDUMP1\n', 'latin1');
/** The control socket of a running gateway lives in the data dir; it is not data. */
export const NOT_BACKED_UP = new Set([LEDGER_DB_DIR, 'control.sock']);
const DIGEST = getHashes().includes('sm3') ? 'sm3' : 'sha256';
const CHUNK = 4 * 1024 * 1024;

export interface BackupFileEntry {
  readonly path: string;
  readonly size: number;
  readonly digest: string;
}

export interface BackupManifest {
  readonly format: 'dtl-embedded-backup';
  readonly version: 1;
  readonly createdAt: string;
  readonly height: number;
  readonly lastBlockHash: string;
  readonly entries: number;
  readonly digestAlgorithm: string;
  readonly files: readonly BackupFileEntry[];
}

export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** Where a backup reads the ledger from: a live snapshot of an open ledger, and the data dir for the other files. */
export interface BackupSource {
  readonly dataDir: string;
  snapshotCursor(): RawCursor;
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

function fsyncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function digestOfFile(path: string): { size: number; digest: string } {
  const hash = createHash(DIGEST);
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(CHUNK);
  let size = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      size += read;
    }
  } finally {
    closeSync(fd);
  }
  return { size, digest: hash.digest('hex') };
}

/** Regular files under dir (relative paths, `/`-separated), skipping the ledger database and the control socket. */
function dataFiles(dir: string, under = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, under)).sort()) {
    const rel = under === '' ? name : `${under}/${name}`;
    if (under === '' && NOT_BACKED_UP.has(name)) continue;
    const stat = lstatSync(join(dir, rel));
    if (stat.isDirectory()) out.push(...dataFiles(dir, rel));
    else if (stat.isFile() && !name.endsWith('.tmp')) out.push(rel);
  }
  return out;
}

function copyDurably(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a backup of a running (or stopped) embedded ledger into `outDir`, which must not exist or be empty. The
 * ledger keeps committing while this runs; the backup holds the chain as of the instant the snapshot was taken.
 */
export async function writeBackup(source: BackupSource, outDir: string): Promise<BackupManifest> {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new BackupError(`backup: ${outDir} is not empty`);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const cursor = source.snapshotCursor();
  const dumpPath = join(outDir, DUMP_FILE);
  // Asynchronous writes: the gateway keeps serving and committing on this event loop while the dump is written.
  const handle = await open(`${dumpPath}.tmp`, 'w', 0o600);
  const hash = createHash(DIGEST);
  let size = 0;
  let entries = 0;
  let height = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    hash.update(chunk);
    size += chunk.length;
    await handle.write(chunk);
  };
  const push = (buffer: Buffer): void => {
    pending.push(buffer);
    pendingBytes += buffer.length;
  };
  let headBlock: Buffer | undefined;
  let headKey: Buffer | undefined;
  try {
    push(MAGIC);
    for (;;) {
      const batch = await cursor.next(1000);
      if (batch.length === 0) break;
      for (const [key, value] of batch) {
        push(u32(key.length));
        push(key);
        push(u32(value.length));
        push(value);
        entries++;
        if (key.equals(HEIGHT_KEY)) {
          height = readU64(value);
          headKey = blockKey(height - 1);
        }
        // Blocks ('B') sort before the height ('M'): keep the last block seen; it is the head once the height is read.
        if (key[0] === 0x42) headBlock = value;
      }
      if (pendingBytes >= CHUNK) await flush();
    }
    await flush();
    await handle.sync();
  } finally {
    await handle.close();
    await cursor.close();
  }
  if (height > 0 && (headBlock === undefined || headKey === undefined)) throw new BackupError('backup: the snapshot holds a height but no blocks');
  const lastBlockHash = height === 0 || headBlock === undefined ? '' : decodeBlock(headBlock).hash;
  if (height > 0 && headBlock !== undefined && decodeBlock(headBlock).header.number !== height - 1) {
    throw new BackupError(`backup: the snapshot's last block is not block ${height - 1}`);
  }
  renameSync(`${dumpPath}.tmp`, dumpPath);
  const files: BackupFileEntry[] = [{ path: DUMP_FILE, size, digest: hash.digest('hex') }];
  for (const rel of dataFiles(source.dataDir)) {
    const target = join(outDir, FILES_DIR, ...rel.split('/'));
    copyDurably(join(source.dataDir, ...rel.split('/')), target);
    files.push({ path: `${FILES_DIR}/${rel}`, ...digestOfFile(target) });
  }
  const manifest: BackupManifest = {
    format: 'dtl-embedded-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    height,
    lastBlockHash,
    entries,
    digestAlgorithm: DIGEST,
    files,
  };
  const manifestFd = openSync(join(outDir, `${MANIFEST_FILE}.tmp`), 'w', 0o600);
  try {
    writeSync(manifestFd, `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncSync(manifestFd);
  } finally {
    closeSync(manifestFd);
  }
  renameSync(join(outDir, `${MANIFEST_FILE}.tmp`), join(outDir, MANIFEST_FILE));
  fsyncDirectory(outDir);
  return manifest;
}

function readManifest(backupDir: string): BackupManifest {
  const path = join(backupDir, MANIFEST_FILE);
  if (!existsSync(path)) throw new BackupError(`backup: no ${MANIFEST_FILE} in ${backupDir}`);
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Partial<BackupManifest>;
  } catch {
    throw new BackupError(`backup: ${MANIFEST_FILE} is not JSON`);
  }
  if (
    manifest.format !== 'dtl-embedded-backup' ||
    manifest.version !== 1 ||
    typeof manifest.height !== 'number' ||
    typeof manifest.lastBlockHash !== 'string' ||
    typeof manifest.entries !== 'number' ||
    typeof manifest.digestAlgorithm !== 'string' ||
    !Array.isArray(manifest.files)
  ) {
    throw new BackupError(`backup: ${MANIFEST_FILE} is not a DTL backup manifest (version 1)`);
  }
  return manifest as BackupManifest;
}

function safeRelative(path: string): string[] {
  const parts = path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes(sep) || part.includes('\0'))) {
    throw new BackupError(`backup: manifest names an unsafe path ${JSON.stringify(path)}`);
  }
  return parts;
}

export interface BackupCheck {
  readonly ok: boolean;
  readonly manifest: BackupManifest | undefined;
  readonly problems: readonly string[];
}

/** Checks every file of a backup against its manifest (size and digest), and that no unlisted file is present. */
export function verifyBackup(backupDir: string): BackupCheck {
  let manifest: BackupManifest;
  try {
    manifest = readManifest(backupDir);
  } catch (error) {
    return { ok: false, manifest: undefined, problems: [(error as Error).message] };
  }
  const problems: string[] = [];
  if (!getHashes().includes(manifest.digestAlgorithm)) problems.push(`digest algorithm ${manifest.digestAlgorithm} is not available here`);
  const listed = new Set<string>();
  for (const file of manifest.files) {
    let parts: string[];
    try {
      parts = safeRelative(file.path);
    } catch (error) {
      problems.push((error as Error).message);
      continue;
    }
    listed.add(file.path);
    const path = join(backupDir, ...parts);
    if (!existsSync(path) || !statSync(path).isFile()) {
      problems.push(`${file.path}: missing`);
      continue;
    }
    const actual = digestOfFile(path);
    if (actual.size !== file.size) problems.push(`${file.path}: ${actual.size} bytes, the manifest says ${file.size}`);
    else if (actual.digest !== file.digest) problems.push(`${file.path}: digest does not match the manifest`);
  }
  if (!listed.has(DUMP_FILE)) problems.push(`${DUMP_FILE}: not in the manifest`);
  const present = [DUMP_FILE, ...(existsSync(join(backupDir, FILES_DIR)) ? dataFiles(join(backupDir, FILES_DIR)).map((rel) => `${FILES_DIR}/${rel}`) : [])];
  for (const path of present) if (!listed.has(path)) problems.push(`${path}: present but not in the manifest`);
  return { ok: problems.length === 0, manifest, problems };
}

/** Reads the dump's entries in chunks; throws BackupError when it is truncated or malformed. */
function* dumpEntries(path: string): Generator<Array<[Buffer, Buffer]>> {
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.alloc(0);
    let eof = false;
    const fill = (need: number): boolean => {
      while (buffer.length < need && !eof) {
        const chunk = Buffer.alloc(CHUNK);
        const read = readSync(fd, chunk, 0, CHUNK, null);
        if (read === 0) eof = true;
        else buffer = Buffer.concat([buffer, chunk.subarray(0, read)]);
      }
      return buffer.length >= need;
    };
    if (!fill(MAGIC.length) || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupError(`backup: ${DUMP_FILE} is not a DTL ledger dump`);
    buffer = buffer.subarray(MAGIC.length);
    let batch: Array<[Buffer, Buffer]> = [];
    for (;;) {
      if (!fill(1)) break;
      if (!fill(4)) throw new BackupError(`backup: ${DUMP_FILE} is truncated`);
      const keyLength = buffer.readUInt32BE(0);
      if (!fill(8 + keyLength)) throw new BackupError(`backup: ${DUMP_FILE} is truncated`);
      const valueLength = buffer.readUInt32BE(4 + keyLength);
      if (!fill(8 + keyLength + valueLength)) throw new BackupError(`backup: ${DUMP_FILE} is truncated`);
      const key = Buffer.from(buffer.subarray(4, 4 + keyLength));
      const value = Buffer.from(buffer.subarray(8 + keyLength, 8 + keyLength + valueLength));
      buffer = buffer.subarray(8 + keyLength + valueLength);
      batch.push([key, value]);
      if (batch.length >= 10_000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    closeSync(fd);
  }
}

export interface RestoreResult {
  readonly manifest: BackupManifest;
  readonly chain: ChainVerification;
  /** Seconds spent checking the files against the manifest, loading the dump, and re-verifying the chain. */
  readonly seconds: { readonly check: number; readonly load: number; readonly verify: number };
}

/**
 * Restores a backup into `dataDir` (absent or empty). Refuses — writing nothing that stays — a backup that does not
 * verify against its manifest, a dump that disagrees with the manifest, or a restored chain that does not verify.
 */
export async function restoreBackup(backupDir: string, dataDir: string): Promise<RestoreResult> {
  const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
  const checkStarted = process.hrtime.bigint();
  const check = verifyBackup(backupDir);
  const checkSeconds = since(checkStarted);
  if (!check.ok || check.manifest === undefined) throw new BackupError(`restore: the backup does not verify: ${check.problems.join('; ')}`);
  const manifest = check.manifest;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new BackupError(`restore: ${dataDir} is not empty; restore into a new data directory`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    for (const file of manifest.files) {
      if (file.path === DUMP_FILE) continue;
      const parts = safeRelative(file.path).slice(1);
      copyDurably(join(backupDir, ...safeRelative(file.path)), join(dataDir, ...parts));
    }
    const loadStarted = process.hrtime.bigint();
    const store = await LedgerStore.open(join(dataDir, LEDGER_DB_DIR));
    let entries = 0;
    try {
      for (const batch of dumpEntries(join(backupDir, DUMP_FILE))) {
        await store.commitBatch(batch.map(([key, value]) => ({ type: 'put' as const, key, value })), false);
        entries += batch.length;
      }
      await store.commitBatch([], true);
      const height = await store.height();
      if (entries !== manifest.entries) throw new BackupError(`restore: the dump holds ${entries} entries, the manifest says ${manifest.entries}`);
      if (height !== manifest.height) throw new BackupError(`restore: the dump holds height ${height}, the manifest says ${manifest.height}`);
      const head = height === 0 ? undefined : await store.getBlockBytes(height - 1);
      if ((head === undefined ? '' : decodeBlock(head).hash) !== manifest.lastBlockHash) throw new BackupError('restore: the dump\'s last block hash differs from the manifest');
    } finally {
      await store.close();
    }
    const loadSeconds = since(loadStarted);
    const verifyStarted = process.hrtime.bigint();
    const chain = await verifyChain(join(dataDir, LEDGER_DB_DIR), readLedgerPublicKey(dataDir));
    if (!chain.ok) throw new BackupError(`restore: the restored chain does not verify (first bad block ${String(chain.firstBadBlock)})`);
    fsyncDirectory(dataDir);
    return { manifest, chain, seconds: { check: checkSeconds, load: loadSeconds, verify: since(verifyStarted) } };
  } catch (error) {
    for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    throw error instanceof BackupError ? error : new BackupError(`restore: ${(error as Error).message}`);
  }
}

/** Total size in bytes of a backup's files (as the manifest lists them). */
export function backupSize(manifest: BackupManifest): number {
  return manifest.files.reduce((sum, file) => sum + file.size, 0);
}
