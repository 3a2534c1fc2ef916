/**
 * The embedded ledger's own SM2 key, which signs every block. Generated at first start into the data directory as
 * PKCS#8 PEM (file mode 0600), with the public key beside it as SPKI PEM for `dtl chain verify`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  sm2GenerateKeyPair,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm2PublicKeyFingerprint,
  sm2PublicKeyFromPem,
  sm2PublicKeyFromPrivate,
  sm2PublicKeyToPem,
} from '@dtl/chaincode/crypto';
import { readSecretFile, writeSecretFile } from '../../secrets/sealed';
import type { BlockSigner } from './block';

export const LEDGER_KEY_FILE = 'ledger-key.pem';
export const LEDGER_PUBLIC_KEY_FILE = 'ledger-key.pub.pem';

/**
 * With a passphrase (DTL_KEYSTORE_PASSPHRASE) the private key is written sealed (secrets/sealed.ts); a sealed key needs
 * it to be read. An empty or truncated key file is refused, never replaced.
 */
export function loadOrCreateLedgerKey(dataDir: string, passphrase?: string): BlockSigner {
  const privatePath = join(dataDir, LEDGER_KEY_FILE);
  const publicPath = join(dataDir, LEDGER_PUBLIC_KEY_FILE);
  let privateKey: Uint8Array;
  if (existsSync(privatePath)) {
    if ((statSync(privatePath).mode & 0o077) !== 0) chmodSync(privatePath, 0o600);
    privateKey = sm2PrivateKeyFromPem(readSecretFile(privatePath, passphrase, 'the ledger signing key').text);
  } else {
    mkdirSync(dataDir, { recursive: true });
    privateKey = sm2GenerateKeyPair().privateKey;
    writeSecretFile(privatePath, sm2PrivateKeyToPem(privateKey), passphrase);
  }
  const publicKey = sm2PublicKeyFromPrivate(privateKey);
  if (!existsSync(publicPath)) writeFileSync(publicPath, sm2PublicKeyToPem(publicKey), { mode: 0o644 });
  return { privateKey, publicKey, fingerprint: sm2PublicKeyFingerprint(publicKey) };
}

/** The ledger's public key as `dtl chain verify` reads it. */
export function readLedgerPublicKey(dataDir: string): Uint8Array {
  const publicPath = join(dataDir, LEDGER_PUBLIC_KEY_FILE);
  if (!existsSync(publicPath)) throw new Error(`LEDGER_KEY_MISSING: ${publicPath} not found`);
  return sm2PublicKeyFromPem(readFileSync(publicPath, 'utf8'));
}
