/**
 * The gateway's HS256 secret: DTL_JWT_SECRET, or `<dataDir>/jwt.secret` (sealed under the passphrase when one is set,
 * written atomically with fsync). Refused when empty, truncated or shorter than 32 characters: a token HMAC'd with an
 * empty key must never log anyone in. Development generates the file at first start; production never does
 * (`dtl keystore encrypt` generates it, sealed).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readSecretFile, SecretFileError, writeSecretFile } from './sealed';

export const JWT_SECRET_FILE = 'jwt.secret';
export const JWT_SECRET_MIN_LENGTH = 32;

export function generateJwtSecret(): string {
  return randomBytes(48).toString('base64url');
}

export interface JwtSecretOptions {
  readonly dataDir: string;
  readonly fromEnvironment: string | undefined;
  readonly passphrase: string | undefined;
  /** Generate the file when it is missing (development). */
  readonly generate: boolean;
}

export function loadJwtSecret(options: JwtSecretOptions): string {
  if (options.fromEnvironment !== undefined) {
    if (options.fromEnvironment.length < JWT_SECRET_MIN_LENGTH) throw new SecretFileError(`DTL_JWT_SECRET is shorter than ${JWT_SECRET_MIN_LENGTH} characters: use at least ${JWT_SECRET_MIN_LENGTH} random characters (openssl rand -base64 48)`);
    return options.fromEnvironment;
  }
  const file = join(options.dataDir, JWT_SECRET_FILE);
  if (!existsSync(file)) {
    if (!options.generate) {
      throw new SecretFileError(`no JWT secret: set DTL_JWT_SECRET (at least ${JWT_SECRET_MIN_LENGTH} random characters), or run \`dtl keystore encrypt --data ${options.dataDir}\`, which generates a sealed ${JWT_SECRET_FILE}`);
    }
    const secret = generateJwtSecret();
    writeSecretFile(file, `${secret}\n`, options.passphrase);
    return secret;
  }
  const secret = readSecretFile(file, options.passphrase, 'the JWT secret').text.trim();
  if (secret.length < JWT_SECRET_MIN_LENGTH) {
    throw new SecretFileError(`the JWT secret ${file} is ${secret.length} characters, fewer than ${JWT_SECRET_MIN_LENGTH} (truncated?): delete it and restart to generate a new one (every token is then logged out), or restore it from a backup`);
  }
  return secret;
}
