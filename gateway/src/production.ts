/**
 * Production mode: one setting, DTL_MODE=production (the default when NODE_ENV=production). At start, before the
 * ledger opens, every unsafe setting is refused, each with what to do about it:
 *   - demo fixtures requested (DTL_FIXTURES=true); the demo data and its published keys are never loaded;
 *   - no keystore passphrase, or one shorter than 12 characters (private keys would be in clear);
 *   - no JWT secret, or a short, empty or truncated one;
 *   - any private key or secret of the data dir in clear (keystore, ledger signing key, organisation identities,
 *     JWT secret): `dtl keystore encrypt` seals them;
 *   - a published DEV key of the fixtures held in the keystore.
 * Demo API keys are refused at login (credentials.ts); the banner prints no key and no secret.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayConfig } from './config';
import { KEYSTORE_DIR } from './keystore/keystore';
import { JWT_SECRET_FILE, loadJwtSecret } from './secrets/jwt-secret';
import { cleartextSecrets } from './secrets/migrate';

export const PRODUCTION_PASSPHRASE_MIN = 12;

export class ProductionModeError extends Error {
  override readonly name = 'ProductionModeError';
  constructor(readonly problems: readonly string[]) {
    super(`production mode refuses to start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

interface FixturesKeys {
  readonly DEPARTMENTS: ReadonlyArray<{ readonly id: string }>;
  departmentDevKey(id: string): { readonly keyId: string };
}

/** Key ids of the fixtures' published DEV keys (empty when @dtl/fixtures is not installed). */
function devKeyIds(): Set<string> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fixtures = require('@dtl/fixtures') as Partial<FixturesKeys>;
    if (!Array.isArray(fixtures.DEPARTMENTS) || typeof fixtures.departmentDevKey !== 'function') return new Set();
    const departmentDevKey = fixtures.departmentDevKey.bind(fixtures);
    return new Set(fixtures.DEPARTMENTS.map((d) => departmentDevKey(d.id).keyId));
  } catch {
    return new Set();
  }
}

/** Every reason production mode refuses this configuration and data dir (empty: safe to start). */
export function productionProblems(config: GatewayConfig): string[] {
  const problems: string[] = [];
  const dataDir = config.dataDir;
  if (config.fixturesRequested) problems.push('DTL_FIXTURES=true: demo fixtures and their published keys are refused in production; unset DTL_FIXTURES');
  if (config.keystorePassphrase === undefined) {
    problems.push(`DTL_KEYSTORE_PASSPHRASE is not set: private keys would be stored in clear; set a passphrase of at least ${PRODUCTION_PASSPHRASE_MIN} characters (keep it in the operator's secret store, not in the data dir)`);
  } else if (config.keystorePassphrase.length < PRODUCTION_PASSPHRASE_MIN) {
    problems.push(`DTL_KEYSTORE_PASSPHRASE is shorter than ${PRODUCTION_PASSPHRASE_MIN} characters: choose a longer passphrase`);
  }
  try {
    loadJwtSecret({ dataDir, fromEnvironment: config.jwtSecret, passphrase: config.keystorePassphrase, generate: false });
  } catch (error) {
    problems.push((error as Error).message);
  }
  const clear = existsSync(dataDir) ? cleartextSecrets(dataDir) : [];
  if (clear.length > 0) {
    problems.push(`${clear.length} private key or secret file(s) in clear (${clear.map((path) => path.slice(dataDir.length + 1)).join(', ')}): run \`DTL_KEYSTORE_PASSPHRASE=… dtl keystore encrypt --data ${dataDir}\` with the gateway stopped`);
  }
  const keystore = join(dataDir, KEYSTORE_DIR);
  if (existsSync(keystore)) {
    const dev = devKeyIds();
    const held: string[] = [];
    for (const name of readdirSync(keystore).filter((n) => n.endsWith('.key.json'))) {
      try {
        const keyId = (JSON.parse(readFileSync(join(keystore, name), 'utf8')) as { keyId?: unknown }).keyId;
        if (typeof keyId === 'string' && dev.has(keyId)) held.push(keyId);
      } catch {
        // unreadable key files are refused when the keystore opens
      }
    }
    if (held.length > 0) problems.push(`the keystore holds published DEV keys of the demo fixtures (${held.sort().join(', ')}): this data dir is a demo; start production on a new data dir`);
  }
  return problems;
}

export function assertProductionReady(config: GatewayConfig): void {
  const problems = productionProblems(config);
  if (problems.length > 0) throw new ProductionModeError(problems);
}

export { JWT_SECRET_FILE };
