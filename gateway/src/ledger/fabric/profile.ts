/**
 * The connection profile network-config/scripts/network.sh writes (network-config/.run/connection.json): for each
 * province its MSP id, its peer's gRPC endpoint and TLS CA, and the client and admin certificate/key from the
 * cryptogen material. Parsed once, strictly.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { PROVINCES, type Province } from '../ledger';

const credentialSchema = z.object({ certPath: z.string().min(1), keyPath: z.string().min(1) }).strict();

const provinceSchema = z
  .object({
    mspId: z.string().min(1),
    peer: z
      .object({
        endpoint: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'host:port'),
        hostAlias: z.string().min(1).optional(),
        tlsCaCertPath: z.string().min(1),
      })
      .strict(),
    client: credentialSchema,
    admin: credentialSchema,
  })
  .strict();

const profileSchema = z
  .object({
    name: z.string().optional(),
    channel: z.string().min(1),
    chaincode: z.string().min(1),
    provinces: z.object(Object.fromEntries(PROVINCES.map((p) => [p, provinceSchema])) as Record<Province, typeof provinceSchema>),
    orderer: z.object({ endpoint: z.string(), tlsCaCertPath: z.string() }).strict().optional(),
  })
  .strict();

export type ConnectionProfile = z.infer<typeof profileSchema>;
export type ProvinceConnection = z.infer<typeof provinceSchema>;

/** Default location of the profile, relative to the repository root. */
export const DEFAULT_PROFILE_PATH = 'network-config/.run/connection.json';

/** Parses a profile object; relative paths in it are resolved against `baseDir`. Throws PROFILE_INVALID. */
export function parseConnectionProfile(value: unknown, baseDir: string = process.cwd()): ConnectionProfile {
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`PROFILE_INVALID: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid connection profile'}`);
  }
  const abs = (path: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));
  const provinces = Object.fromEntries(
    PROVINCES.map((province) => {
      const p = parsed.data.provinces[province];
      return [
        province,
        {
          ...p,
          peer: { ...p.peer, tlsCaCertPath: abs(p.peer.tlsCaCertPath) },
          client: { certPath: abs(p.client.certPath), keyPath: abs(p.client.keyPath) },
          admin: { certPath: abs(p.admin.certPath), keyPath: abs(p.admin.keyPath) },
        },
      ];
    }),
  ) as Record<Province, ProvinceConnection>;
  return { ...parsed.data, provinces };
}

/** Reads and parses the profile file. Throws PROFILE_NOT_FOUND when it does not exist (network not up). */
export function loadConnectionProfile(path: string): ConnectionProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`PROFILE_NOT_FOUND: ${path} (run \`npm run network:up\` first)`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`PROFILE_INVALID: ${path} is not JSON`, { cause: error });
  }
  return parseConnectionProfile(json, dirname(path));
}
