/** Gateway configuration: parsed and validated once from the environment (zod), then passed down explicitly. */
import { z } from 'zod';

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
  DTL_JWT_SECRET: z.string().min(32).optional(),
  DTL_JWT_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  DTL_KEYSTORE_PASSPHRASE: z.string().min(8).optional(),
  DTL_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Load the demo fixtures into an empty data dir (default on; `npm start` relies on it). */
  DTL_FIXTURES: booleanText.default('true'),
  /** Public endpoints (trace, licence verification): requests per minute per client address. */
  DTL_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  DTL_EXPLORER_DIR: z.string().optional(),
  /** Fabric connection profile (DTL_LEDGER=fabric); default network-config/.run/connection.json. */
  DTL_FABRIC_PROFILE: z.string().optional(),
  /** Read model: a SQLite file path or a postgres:// URL; default `<dataDir>/read-model.sqlite`; `off`: none. */
  DTL_READ_MODEL: z.string().min(1).optional(),
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
  readonly loadFixtures: boolean;
  readonly publicRateLimitPerMinute: number;
  readonly explorerDir: string | undefined;
  readonly fabricProfile: string | undefined;
  /** Where the read model lives (SQLite path or postgres:// URL), or undefined when turned off. */
  readonly readModel: string | undefined;
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
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: c.DTL_DATA_DIR,
    ledger: c.DTL_LEDGER,
    jwtSecret: c.DTL_JWT_SECRET,
    jwtTtlSeconds: c.DTL_JWT_TTL_SECONDS,
    keystorePassphrase: c.DTL_KEYSTORE_PASSPHRASE,
    logLevel: c.DTL_LOG_LEVEL,
    loadFixtures: c.DTL_FIXTURES,
    publicRateLimitPerMinute: c.DTL_PUBLIC_RATE_LIMIT,
    explorerDir: c.DTL_EXPLORER_DIR,
    fabricProfile: c.DTL_FABRIC_PROFILE,
    readModel: c.DTL_READ_MODEL === 'off' ? undefined : (c.DTL_READ_MODEL ?? `${c.DTL_DATA_DIR.replace(/\/+$/, '')}/read-model.sqlite`),
  };
}
