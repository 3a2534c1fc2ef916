/** Gateway configuration: parsed and validated once from the environment (zod), then passed down explicitly. */
import { z } from 'zod';
import { parseTrustProxy, type RateLimitSettings } from './http/rate-limits';
import { parsePublicBaseUrl } from './public/public-url';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DTL_DATA_DIR: z.string().min(1).default('./data'),
  DTL_LEDGER: z.enum(['embedded', 'fabric']).default('embedded'),
  /** HS256 secret (≥ 32 characters). Unset: a random secret is generated into `<dataDir>/jwt.secret` (mode 0600). */
  DTL_JWT_SECRET: z.string().min(32, 'must be at least 32 random characters (openssl rand -base64 48)').optional(),
  DTL_JWT_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  DTL_KEYSTORE_PASSPHRASE: z.string().min(8, 'must be at least 8 characters (production: 12)').optional(),
  DTL_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Write each log line as it is made (one write per line) instead of buffered, flushed every second and at exit. */
  DTL_LOG_SYNC: booleanText.optional(),
  /** Load the demo fixtures into an empty data dir (default on in development; `npm start` relies on it). */
  DTL_FIXTURES: booleanText.optional(),
  /** development (default) or production (default when NODE_ENV=production): see gateway/src/production.ts. */
  DTL_MODE: z.enum(['development', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  /** Public endpoints (trace, licence verification): requests per minute per client address. */
  DTL_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  DTL_EXPLORER_DIR: z.string().optional(),
  /** Reads that write access records (cross-region reads), per department per minute (issue 12). */
  DTL_GUARDED_READS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Fabric connection profile (DTL_LEDGER=fabric); default network-config/.run/connection.json. */
  DTL_FABRIC_PROFILE: z.string().optional(),
  /** Serve HTTPS: PEM certificate chain and private key files (both or neither). */
  DTL_TLS_CERT: z.string().optional(),
  DTL_TLS_KEY: z.string().optional(),
  /** The reverse proxies whose X-Forwarded-For is believed: a hop count, addresses/subnets, `loopback` (http/rate-limits.ts). */
  DTL_TRUST_PROXY: z.string().max(1024).optional(),
  /** Authenticated requests per department and minute. */
  DTL_DEPARTMENT_RATE_LIMIT: z.coerce.number().int().min(1).default(12_000),
  /** Failed logins per client address and minute (successful ones are counted apart). */
  DTL_LOGIN_FAILURE_LIMIT: z.coerce.number().int().min(1).default(20),
  /** Successful logins per client address and minute. */
  DTL_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  /** Read model: a SQLite file path or a postgres:// URL; default `<dataDir>/read-model.sqlite`; `off`: none. */
  DTL_READ_MODEL: z.string().min(1).optional(),
  /** The https base URL printed QR codes and credit reports point under (issue 17); unset: derived per request. */
  DTL_PUBLIC_URL: z.string().max(512).optional(),
});

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly ledger: 'embedded' | 'fabric';
  readonly jwtSecret: string | undefined;
  readonly jwtTtlSeconds: number;
  readonly keystorePassphrase: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Log lines written one by one (true) or buffered (false, default): see main.ts. */
  readonly logSync: boolean;
  readonly loadFixtures: boolean;
  /** DTL_FIXTURES was set explicitly (production refuses `true`). */
  readonly fixturesRequested: boolean;
  readonly mode: 'development' | 'production';
  readonly publicRateLimitPerMinute: number;
  readonly explorerDir: string | undefined;
  readonly guardedReadsPerMinute: number;
  readonly fabricProfile: string | undefined;
  /** HTTPS certificate and key files; undefined: plain HTTP. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly trustProxy: false | number | readonly string[];
  readonly rateLimits: RateLimitSettings;
  /** Where the read model lives (SQLite path or postgres:// URL), or undefined when turned off. */
  readonly readModel: string | undefined;
  /** DTL_PUBLIC_URL, normalised (no trailing slash); undefined: derived from each request. */
  readonly publicUrl: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${detail}`);
  }
  const c = parsed.data;
  if ((c.DTL_TLS_CERT === undefined) !== (c.DTL_TLS_KEY === undefined)) {
    throw new ConfigError('invalid configuration: DTL_TLS_CERT and DTL_TLS_KEY: give both (HTTPS) or neither (plain HTTP)');
  }
  const mode = c.DTL_MODE ?? (c.NODE_ENV === 'production' ? 'production' : 'development');
  let trustProxy: false | number | string[];
  try {
    trustProxy = parseTrustProxy(c.DTL_TRUST_PROXY);
  } catch (error) {
    throw new ConfigError(`invalid configuration: ${(error as Error).message}`);
  }
  let publicUrl: string | undefined;
  try {
    publicUrl = c.DTL_PUBLIC_URL === undefined ? undefined : parsePublicBaseUrl(c.DTL_PUBLIC_URL);
  } catch (error) {
    throw new ConfigError(`invalid configuration: ${(error as Error).message}`);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: c.DTL_DATA_DIR,
    ledger: c.DTL_LEDGER,
    jwtSecret: c.DTL_JWT_SECRET,
    jwtTtlSeconds: c.DTL_JWT_TTL_SECONDS,
    keystorePassphrase: c.DTL_KEYSTORE_PASSPHRASE,
    logLevel: c.DTL_LOG_LEVEL,
    logSync: c.DTL_LOG_SYNC ?? false,
    loadFixtures: c.DTL_FIXTURES ?? mode === 'development',
    fixturesRequested: c.DTL_FIXTURES === true,
    mode,
    publicRateLimitPerMinute: c.DTL_PUBLIC_RATE_LIMIT,
    explorerDir: c.DTL_EXPLORER_DIR,
    guardedReadsPerMinute: c.DTL_GUARDED_READS_PER_MINUTE,
    fabricProfile: c.DTL_FABRIC_PROFILE,
    tls: c.DTL_TLS_CERT !== undefined && c.DTL_TLS_KEY !== undefined ? { certFile: c.DTL_TLS_CERT, keyFile: c.DTL_TLS_KEY } : undefined,
    trustProxy,
    rateLimits: { departmentPerMinute: c.DTL_DEPARTMENT_RATE_LIMIT, loginFailuresPerMinute: c.DTL_LOGIN_FAILURE_LIMIT, loginSuccessesPerMinute: c.DTL_LOGIN_RATE_LIMIT },
    publicUrl,
    readModel: c.DTL_READ_MODEL === 'off' ? undefined : (c.DTL_READ_MODEL ?? `${c.DTL_DATA_DIR.replace(/\/+$/, '')}/read-model.sqlite`),
  };
}
