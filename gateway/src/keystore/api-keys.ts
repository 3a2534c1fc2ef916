/**
 * API keys that operators manage (`dtl apikey create|list|revoke`). Each key belongs to a department, is bound to one
 * of the department's registered SM2 keys (it dies with it: revoked, superseded or expired on the ledger), has an
 * expiry, and is stored only as its SM3 digest in `<dataDir>/keystore/api-keys.v2.json` (mode 0600, written atomically
 * with fsync). The key itself is shown once, when it is created. A running gateway sees revocations made by the CLI:
 * it re-reads the file when it changes.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sm3Hex } from '@dtl/chaincode/crypto';

export const API_KEYS_FILE = 'api-keys.v2.json';
const ID = /^ak-[0-9a-f]{12}$/;

export interface ApiKeyEntry {
  /** Public id, for listing and revoking (never enough to log in). */
  readonly id: string;
  readonly department: string;
  /** The department's registered key this API key is bound to. */
  readonly keyId: string;
  /** SM3 of the API key text. */
  readonly digest: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt?: string;
  /** Demo keys (`dtl-demo-<department>`, published): refused in production mode. */
  readonly demo?: boolean;
  readonly label?: string;
}

export class ApiKeyError extends Error {
  override readonly name = 'ApiKeyError';
}

/** Writes a file atomically and durably: temp file, fsync, rename, fsync of the directory. */
export function writeFileDurably(path: string, text: string | Buffer, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

export interface CreatedApiKey {
  readonly entry: ApiKeyEntry;
  /** The key, shown once. */
  readonly apiKey: string;
}

export class ApiKeyStore {
  private entries: ApiKeyEntry[] = [];
  private loadedStamp = '';
  private checkedAt = 0;
  private readonly path: string;

  constructor(keystoreDir: string) {
    this.path = join(keystoreDir, API_KEYS_FILE);
    this.reload();
  }

  private reload(): void {
    if (!existsSync(this.path)) {
      this.entries = [];
      this.loadedStamp = '';
      return;
    }
    const stamp = this.stamp();
    if (stamp === this.loadedStamp) return;
    const text = readFileSync(this.path, 'utf8');
    let parsed: { version?: unknown; keys?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new ApiKeyError(`${this.path} is not valid JSON (truncated?); restore it from a backup`);
    }
    if (parsed.version !== 2 || !Array.isArray(parsed.keys)) throw new ApiKeyError(`${this.path} is not an API key file (version 2)`);
    this.entries = parsed.keys as ApiKeyEntry[];
    this.loadedStamp = stamp;
  }

  /** Identifies the file version: a rewrite is a rename onto the path, so a new inode. */
  private stamp(): string {
    const stat = statSync(this.path);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  }

  /** Re-reads the file when it changed (at most every 250 ms), so CLI revocations reach a running gateway. */
  private fresh(): void {
    const now = Date.now();
    if (now - this.checkedAt < 250) return;
    this.checkedAt = now;
    this.reload();
  }

  private save(): void {
    writeFileDurably(this.path, `${JSON.stringify({ version: 2, keys: this.entries }, null, 2)}\n`);
    this.loadedStamp = this.stamp();
  }

  /** Creates a random API key for a department, bound to one of its registered keys, valid until expiresAt. */
  create(department: string, keyId: string, expiresAt: Date, label?: string): CreatedApiKey {
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) throw new ApiKeyError('the expiry must be a time in the future');
    this.reload();
    const id = `ak-${randomBytes(6).toString('hex')}`;
    const apiKey = `dtl_${randomBytes(24).toString('base64url')}`;
    const entry: ApiKeyEntry = { id, department, keyId, digest: sm3Hex(apiKey), createdAt: new Date().toISOString(), expiresAt: expiresAt.toISOString(), ...(label ? { label } : {}) };
    this.entries.push(entry);
    this.save();
    return { entry, apiKey };
  }

  /** Registers a published demo key (`dtl-demo-<department>`) for a demo department's DEV key; development only. */
  registerDemo(department: string, keyId: string, apiKey: string): void {
    this.reload();
    const digest = sm3Hex(apiKey);
    const current = this.entries.find((e) => e.digest === digest && e.revokedAt === undefined);
    if (current !== undefined && current.department === department && current.keyId === keyId) return;
    this.entries = this.entries.filter((e) => e.digest !== digest);
    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    this.entries.push({ id: `ak-${randomBytes(6).toString('hex')}`, department, keyId, digest, createdAt: new Date().toISOString(), expiresAt, demo: true, label: 'demo key (development only)' });
    this.save();
  }

  list(): readonly ApiKeyEntry[] {
    this.reload();
    return [...this.entries];
  }

  revoke(id: string): ApiKeyEntry {
    if (!ID.test(id)) throw new ApiKeyError(`${id} is not an API key id (ak- and 12 hex digits)`);
    this.reload();
    const index = this.entries.findIndex((e) => e.id === id);
    const entry = this.entries[index];
    if (entry === undefined) throw new ApiKeyError(`no API key ${id}`);
    if (entry.revokedAt !== undefined) return entry;
    const revoked = { ...entry, revokedAt: new Date().toISOString() };
    this.entries[index] = revoked;
    this.save();
    return revoked;
  }

  /** The entry an API key text belongs to (whatever its state), compared in constant time. */
  find(apiKey: string): ApiKeyEntry | undefined {
    this.fresh();
    const digest = Buffer.from(sm3Hex(apiKey));
    return this.match(digest) ?? (this.reload(), this.match(digest));
  }

  private match(digest: Buffer): ApiKeyEntry | undefined {
    let found: ApiKeyEntry | undefined;
    for (const entry of this.entries) {
      const stored = Buffer.from(entry.digest);
      if (stored.length === digest.length && timingSafeEqual(stored, digest)) found = entry;
    }
    return found;
  }

  /** The entry with this id, as the file holds it now (re-read when it changed). */
  byId(id: string): ApiKeyEntry | undefined {
    this.fresh();
    return this.entries.find((e) => e.id === id);
  }
}

/** Why an API key entry cannot be used now, or undefined when it can (the bound ledger key is checked apart). */
export function apiKeyRefusal(entry: ApiKeyEntry, now: number, production: boolean): string | undefined {
  if (entry.revokedAt !== undefined) return `API key ${entry.id} was revoked at ${entry.revokedAt}`;
  if (Date.parse(entry.expiresAt) <= now) return `API key ${entry.id} expired at ${entry.expiresAt}`;
  if (entry.demo === true && production) return 'demo API keys are refused in production mode';
  return undefined;
}
