/**
 * `dtl keystore encrypt --data DIR`: seals every secret of a data dir that is still in clear under the passphrase —
 * the keystore's department keys, the ledger's block-signing key, the organisation identities and the JWT secret
 * (generated, sealed, when missing) — each written atomically with fsync. Run it with the gateway stopped. Also the
 * list of what production mode would refuse as cleartext.
 */
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../keystore/api-keys';
import { encryptPem, KEYSTORE_DIR } from '../keystore/keystore';
import { IDENTITY_FILE } from '../ledger/embedded/identities';
import { LEDGER_KEY_FILE } from '../ledger/embedded/ledger-key';
import { generateJwtSecret, JWT_SECRET_FILE } from './jwt-secret';
import { isCleartextSecret, readSecretFile, sealText } from './sealed';

/** Files of a data dir that hold a private key or secret in clear. */
export function cleartextSecrets(dataDir: string): string[] {
  const found: string[] = [];
  for (const name of [LEDGER_KEY_FILE, IDENTITY_FILE, JWT_SECRET_FILE]) if (isCleartextSecret(join(dataDir, name))) found.push(join(dataDir, name));
  const keystore = join(dataDir, KEYSTORE_DIR);
  if (existsSync(keystore)) {
    for (const name of readdirSync(keystore).filter((n) => n.endsWith('.key.json')).sort()) {
      try {
        const file = JSON.parse(readFileSync(join(keystore, name), 'utf8')) as { privateKeyPem?: unknown };
        if (typeof file.privateKeyPem === 'string') found.push(join(keystore, name));
      } catch {
        found.push(join(keystore, name)); // unreadable: reported, and refused when the keystore opens
      }
    }
  }
  return found;
}

export interface EncryptReport {
  readonly sealed: readonly string[];
  readonly generated: readonly string[];
}

export function encryptDataDir(dataDir: string, passphrase: string): EncryptReport {
  if (existsSync(join(dataDir, 'control.sock'))) throw new Error(`a gateway is running on ${dataDir} (control.sock): stop it first`);
  const sealed: string[] = [];
  const generated: string[] = [];
  for (const name of [LEDGER_KEY_FILE, IDENTITY_FILE, JWT_SECRET_FILE]) {
    const path = join(dataDir, name);
    if (!isCleartextSecret(path)) continue;
    const { text } = readSecretFile(path, undefined, name);
    if (name === JWT_SECRET_FILE && text.trim().length < 32) throw new Error(`${path} is shorter than 32 characters: delete it and run this again to generate a new one`);
    writeFileDurably(path, sealText(text, passphrase));
    sealed.push(path);
  }
  const jwt = join(dataDir, JWT_SECRET_FILE);
  if (!existsSync(jwt)) {
    writeFileDurably(jwt, sealText(`${generateJwtSecret()}\n`, passphrase));
    generated.push(jwt);
  }
  const keystore = join(dataDir, KEYSTORE_DIR);
  if (existsSync(keystore)) {
    for (const name of readdirSync(keystore).filter((n) => n.endsWith('.key.json')).sort()) {
      const path = join(keystore, name);
      const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { privateKeyPem?: unknown };
      if (typeof file.privateKeyPem !== 'string') continue;
      const { privateKeyPem, ...rest } = file;
      const { mtime } = statSync(path);
      writeFileDurably(path, `${JSON.stringify({ ...rest, encrypted: encryptPem(privateKeyPem, passphrase) }, null, 2)}\n`);
      // The keystore orders a department's keys by write time: keep it.
      utimesSync(path, mtime, mtime);
      sealed.push(path);
    }
  }
  return { sealed, generated };
}
