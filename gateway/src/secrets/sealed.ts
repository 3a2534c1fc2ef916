/**
 * Secrets at rest: the JWT secret, the ledger's block-signing key and the organisations' identities (admin and client
 * private keys) are written sealed under the operator's passphrase — scrypt (N=2^15, r=8, p=1) + AES-256-GCM, as the
 * keystore seals department keys — atomically and durably (temp file, fsync, rename, fsync of the directory). A file
 * that is empty or cut short (a crash or a full disk at first start) is refused with what to do, never used.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { decryptPem, encryptPem, KeystoreError } from '../keystore/keystore';
import { writeFileDurably } from '../keystore/api-keys';

export const SEALED_FORMAT = 'dtl-sealed';

interface SealedFile {
  readonly format: typeof SEALED_FORMAT;
  readonly version: 1;
  readonly kdf: 'scrypt';
  readonly salt: string;
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

export class SecretFileError extends Error {
  override readonly name = 'SecretFileError';
}

/** True when the file's text is a sealed secret (it says so in its first bytes). */
export function isSealedText(text: string): boolean {
  return text.trimStart().startsWith(`{"format":"${SEALED_FORMAT}"`);
}

export function sealText(text: string, passphrase: string): string {
  const encrypted = encryptPem(text, passphrase);
  const sealed: SealedFile = { format: SEALED_FORMAT, version: 1, kdf: 'scrypt', salt: encrypted.salt, iv: encrypted.iv, tag: encrypted.tag, ciphertext: encrypted.ciphertext };
  return `${JSON.stringify(sealed)}\n`;
}

export interface SecretText {
  readonly text: string;
  readonly sealed: boolean;
}

/** Reads a secret file, opening it when sealed. Refuses an empty, truncated or undecryptable file with the fix. */
export function readSecretFile(path: string, passphrase: string | undefined, what: string): SecretText {
  const raw = readFileSync(path, 'utf8');
  if (raw.trim() === '') {
    throw new SecretFileError(`${what} ${path} is empty (cut short by a crash or a full disk?): restore it from a backup (dtl restore), or delete it to start with a new one only if nothing depends on it yet`);
  }
  if (!isSealedText(raw)) return { text: raw, sealed: false };
  let sealed: SealedFile;
  try {
    sealed = JSON.parse(raw) as SealedFile;
  } catch {
    throw new SecretFileError(`${what} ${path} is truncated (not a whole sealed file): restore it from a backup (dtl restore)`);
  }
  if (sealed.version !== 1 || sealed.kdf !== 'scrypt' || typeof sealed.ciphertext !== 'string') throw new SecretFileError(`${what} ${path} is not a version-1 sealed file`);
  if (passphrase === undefined) throw new SecretFileError(`${what} ${path} is encrypted: set DTL_KEYSTORE_PASSPHRASE to the passphrase it was sealed with`);
  try {
    return { text: decryptPem({ kdf: 'scrypt', salt: sealed.salt, iv: sealed.iv, tag: sealed.tag, ciphertext: sealed.ciphertext }, passphrase), sealed: true };
  } catch (error) {
    if (error instanceof KeystoreError) throw new SecretFileError(`${what} ${path}: wrong DTL_KEYSTORE_PASSPHRASE, or the file was altered`);
    throw error;
  }
}

/** Writes a secret durably: sealed under the passphrase when one is given, mode 0600. */
export function writeSecretFile(path: string, text: string, passphrase: string | undefined): void {
  if (text.trim() === '') throw new SecretFileError(`refusing to write an empty secret to ${path}`);
  writeFileDurably(path, passphrase === undefined ? text : sealText(text, passphrase), 0o600);
}

/** True when the file exists and holds a secret in clear (not sealed). */
export function isCleartextSecret(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isFile()) return false;
  const raw = readFileSync(path, 'utf8');
  return raw.trim() !== '' && !isSealedText(raw);
}
