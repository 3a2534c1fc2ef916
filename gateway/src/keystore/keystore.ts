/**
 * The gateway keystore: SM2 keys the gateway holds for departments that let it sign for them (the e-seal path,
 * 电子印章), the province gateway principals' keys (they sign cross-region access records), and the demo API keys.
 *
 * At rest: one JSON file per key in `<dataDir>/keystore/`, mode 0600, in a 0700 directory. With a passphrase the
 * PKCS#8 PEM is encrypted with AES-256-GCM under a key derived by scrypt (N=2^15, r=8, p=1) with a per-file salt;
 * without one the PEM is stored in clear (dev/demo mode, said so in the file). API keys are stored as SM3 digests.
 */
import { createCipheriv, createDecipheriv, randomBytes as nodeRandomBytes, scryptSync } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  bytesToHex,
  signRecordAsync,
  sm2GenerateKeyPair,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm2PublicKeyFromPrivate,
  type SignedRecord,
} from '@dtl/chaincode/crypto';
import { ApiKeyStore, writeFileDurably } from './api-keys';

export const KEYSTORE_DIR = 'keystore';
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

interface EncryptedPem {
  readonly kdf: 'scrypt';
  readonly salt: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

interface KeyFile {
  readonly version: 1;
  readonly department: string;
  readonly keyId: string;
  readonly publicKey: string;
  /** When the gateway stored it: the newest key of a department is the one that signs. */
  readonly createdAt?: string;
  readonly privateKeyPem?: string;
  readonly encrypted?: EncryptedPem;
}

export interface HeldKey {
  readonly department: string;
  readonly keyId: string;
  readonly createdAt: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

export class KeystoreError extends Error {
  override readonly name = 'KeystoreError';
}

function fileNameFor(keyId: string): string {
  return `${keyId.replace(/[^A-Za-z0-9._-]/g, '_')}.key.json`;
}

/** Mode 0600, atomically and durably (fsync of the file and of the directory): a crash leaves the old file or the new. */
function writePrivate(path: string, text: string): void {
  writeFileDurably(path, text, 0o600);
}

function deriveKey(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(passphrase, salt, 32, SCRYPT);
}

export function encryptPem(pem: string, passphrase: string): EncryptedPem {
  const salt = nodeRandomBytes(16);
  const iv = nodeRandomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt), iv);
  const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return { kdf: 'scrypt', salt: salt.toString('hex'), iv: iv.toString('hex'), tag: cipher.getAuthTag().toString('hex'), ciphertext: ciphertext.toString('hex') };
}

export function decryptPem(encrypted: EncryptedPem, passphrase: string): string {
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, Buffer.from(encrypted.salt, 'hex')), Buffer.from(encrypted.iv, 'hex'));
  decipher.setAuthTag(Buffer.from(encrypted.tag, 'hex'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(encrypted.ciphertext, 'hex')), decipher.final()]).toString('utf8');
  } catch {
    throw new KeystoreError('keystore: wrong passphrase or tampered key file');
  }
}

export interface KeystoreOptions {
  readonly dataDir: string;
  /** Encrypts new key files and decrypts encrypted ones. */
  readonly passphrase?: string | undefined;
}

export class Keystore {
  private readonly dir: string;
  private readonly byDepartment = new Map<string, HeldKey>();
  private readonly byKeyId = new Map<string, HeldKey>();
  /** Operator-managed API keys (keystore/api-keys.ts). */
  readonly apiKeys: ApiKeyStore;

  private constructor(dir: string, private readonly passphrase: string | undefined) {
    this.dir = dir;
    this.apiKeys = new ApiKeyStore(dir);
  }

  /** Opens (creating if needed) `<dataDir>/keystore` and loads every key file. */
  static open(options: KeystoreOptions): Keystore {
    const dir = join(options.dataDir, KEYSTORE_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const store = new Keystore(dir, options.passphrase);
    // Oldest first, so that the last written key of a department signs for it, as after `add` in one process
    // (directory order would let `x#9` win over a newer `x#10`, or an older, revoked key over its successor).
    const files = readdirSync(dir)
      .filter((name) => name.endsWith('.key.json'))
      .map((name) => ({ path: join(dir, name), written: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => a.written - b.written || a.path.localeCompare(b.path));
    for (const { path } of files) store.remember(store.readKeyFile(path));
    // The version-1 `api-keys.json` (digest → department, no key binding, no expiry) is no longer read: its keys
    // outlived everything. Demo keys are registered again at start in development; operators create new ones.
    return store;
  }

  private readKeyFile(path: string): HeldKey {
    const text = readFileSync(path, 'utf8');
    if (text.trim() === '') throw new KeystoreError(`keystore: ${path} is empty (cut short by a crash or a full disk?); restore it from a backup (dtl restore)`);
    let file: KeyFile;
    try {
      file = JSON.parse(text) as KeyFile;
    } catch {
      throw new KeystoreError(`keystore: ${path} is truncated or not JSON; restore it from a backup (dtl restore)`);
    }
    let pem: string;
    if (file.encrypted) {
      if (this.passphrase === undefined) throw new KeystoreError(`keystore: ${path} is encrypted; set DTL_KEYSTORE_PASSPHRASE`);
      pem = decryptPem(file.encrypted, this.passphrase);
    } else if (file.privateKeyPem !== undefined) {
      pem = file.privateKeyPem;
    } else {
      throw new KeystoreError(`keystore: ${path} holds no key`);
    }
    const privateKey = sm2PrivateKeyFromPem(pem);
    return { department: file.department, keyId: file.keyId, createdAt: file.createdAt ?? '', privateKey, publicKey: sm2PublicKeyFromPrivate(privateKey) };
  }

  private remember(key: HeldKey): void {
    const current = this.byDepartment.get(key.department);
    if (current === undefined || current.createdAt <= key.createdAt) this.byDepartment.set(key.department, key);
    this.byKeyId.set(key.keyId, key);
  }

  /** Stores a department's private key (PKCS#8 PEM inside), mode 0600; the latest added key signs for the department. */
  add(department: string, keyId: string, privateKey: Uint8Array): HeldKey {
    const pem = sm2PrivateKeyToPem(privateKey);
    const publicKey = sm2PublicKeyFromPrivate(privateKey);
    const createdAt = new Date().toISOString();
    const head = { version: 1, department, keyId, publicKey: bytesToHex(publicKey), createdAt } as const;
    const file: KeyFile = this.passphrase === undefined ? { ...head, privateKeyPem: pem } : { ...head, encrypted: encryptPem(pem, this.passphrase) };
    writePrivate(join(this.dir, fileNameFor(keyId)), `${JSON.stringify(file, null, 2)}\n`);
    const held: HeldKey = { department, keyId, createdAt, privateKey, publicKey };
    this.remember(held);
    return held;
  }

  /** Generates and stores a new key for a department. */
  generate(department: string, keyId: string): HeldKey {
    return this.add(department, keyId, sm2GenerateKeyPair().privateKey);
  }

  keyFor(department: string): HeldKey | undefined {
    return this.byDepartment.get(department);
  }

  keyById(keyId: string): HeldKey | undefined {
    return this.byKeyId.get(keyId);
  }

  departments(): string[] {
    return [...this.byDepartment.keys()].sort();
  }

  /**
   * Signs a department's unsigned record with the key held for it (the e-seal path), on the SM2 worker pool;
   * `signingBytes`: the record's canonical bytes when the caller has them already (signRecordAsync).
   */
  async sign<T extends object>(department: string, record: T, signingBytes?: Uint8Array): Promise<SignedRecord<T>> {
    const key = this.byDepartment.get(department);
    if (!key) throw new KeystoreError(`keystore: no key held for department ${department}`);
    return signRecordAsync(record, { privateKey: key.privateKey, keyId: key.keyId }, signingBytes);
  }

  /**
   * Issues a new random API key for a department, bound to its e-seal key held here, valid for `days`; only its SM3
   * digest is stored. Returns the key (shown once). Operators use `dtl apikey create` (keystore/api-keys.ts).
   */
  issueApiKey(department: string, days = 90): string {
    return this.apiKeys.create(department, this.keyFor(department)?.keyId ?? '', new Date(Date.now() + days * 86_400_000)).apiKey;
  }

  /**
   * Registers a published demo API key (`dtl-demo-<department>`, printed by `npm start` in development), bound to the
   * department's DEV key `keyId` (default: the key held here), so it dies when that key is rotated away or revoked.
   */
  setApiKey(department: string, key: string, keyId?: string): void {
    this.apiKeys.registerDemo(department, keyId ?? this.keyFor(department)?.keyId ?? '', key);
  }

  /** The department an API key belongs to, or undefined (whatever the key's state). */
  departmentOfApiKey(key: string): string | undefined {
    return this.apiKeys.find(key)?.department;
  }
}
