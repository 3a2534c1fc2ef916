/**
 * Authentication. A department proves itself either by signing a one-time challenge with one of its SM2 keys
 * registered on the ledger (production), or with an API key from the gateway keystore (demo departments). It gets
 * a short-lived HS256 JWT with a fixed issuer and audience. On every request the token only names the department;
 * its province and roles are read from the ledger registry.
 */
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Department } from '@dtl/chaincode';
import { hexToBytes, sm2Verify, utf8Encode, DEFAULT_USER_ID } from '@dtl/chaincode/crypto';
import type { Keystore } from '../keystore/keystore';
import { ApiError } from './errors';
import type { DepartmentDirectory } from './directory';
import { parseWith } from './validate';
import { CredentialRegistry, isTokenSource, type TokenSource } from './credentials';

export const JWT_ISSUER = 'dtl-gateway';
export const JWT_AUDIENCE = 'dtl-api';
export const JWT_ALGORITHM = 'HS256' as const;
const CHALLENGE_TTL_MS = 120_000;
const ID = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'must be 1-128 characters of [A-Za-z0-9._:-]');

export const ChallengeRequest = z.object({ department: ID }).strict();
export const TokenRequest = z.union([
  z.object({ apiKey: z.string().min(8).max(256) }).strict(),
  z
    .object({
      department: ID,
      challenge: z.string().min(1).max(512),
      keyId: z.string().min(1).max(128),
      userId: z.string().min(1).max(256).optional(),
      signature: z.string().regex(/^[0-9a-fA-F]{16,160}$/, 'must be a DER SM2 signature in hex'),
    })
    .strict(),
]);

export interface Principal {
  readonly department: Department;
}

export interface AuthOptions {
  readonly secret: string;
  readonly ttlSeconds: number;
  readonly directory: DepartmentDirectory;
  readonly keystore: Keystore;
  /** Production mode: demo API keys are refused (config.ts, DTL_MODE). */
  readonly production?: boolean;
  /** How long a credential check against the registry is reused (default 2 s). */
  readonly credentialCacheMs?: number;
}

function unauthenticated(message: string): ApiError {
  return new ApiError(401, 'UNAUTHENTICATED', message);
}

const VERIFIED_CACHE_MAX = 10_000;

export class Authenticator {
  private readonly challenges = new Map<string, { department: string; expires: number }>();
  /** The HS256 key as a KeyObject, built once (jsonwebtoken would otherwise rebuild it on every call). */
  private readonly key: KeyObject;
  /** Tokens already verified, until their expiry: verification is deterministic, so this only saves the HMAC. */
  private readonly verified = new Map<string, { department: string; source: TokenSource; expiresAt: number }>();
  /** Where each token's credential is re-checked against the registry and the API key store (credentials.ts). */
  readonly credentials: CredentialRegistry;

  constructor(private readonly options: AuthOptions) {
    this.key = createSecretKey(Buffer.from(options.secret, 'utf8'));
    this.credentials = new CredentialRegistry(options.directory, options.keystore.apiKeys, { production: options.production ?? false, ...(options.credentialCacheMs === undefined ? {} : { ttlMs: options.credentialCacheMs }) });
  }

  issueChallenge(body: unknown): { challenge: string; expiresAt: string } {
    const { department } = parseWith(ChallengeRequest, body, 'body');
    const expires = Date.now() + CHALLENGE_TTL_MS;
    const challenge = `dtl-auth:1:${department}:${randomBytes(16).toString('hex')}:${new Date(expires).toISOString()}`;
    this.sweep();
    this.challenges.set(challenge, { department, expires });
    return { challenge, expiresAt: new Date(expires).toISOString() };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [challenge, entry] of this.challenges) if (entry.expires < now) this.challenges.delete(challenge);
  }

  async issueToken(body: unknown): Promise<{ token: string; tokenType: 'Bearer'; expiresIn: number; department: string }> {
    const request = parseWith(TokenRequest, body, 'body');
    let department: string;
    let source: TokenSource;
    if ('apiKey' in request) {
      const entry = this.options.keystore.apiKeys.find(request.apiKey);
      if (!entry) throw unauthenticated('unknown API key');
      const refusal = await this.credentials.apiKeyRefusal(entry.id);
      if (refusal !== undefined) throw unauthenticated(refusal);
      department = entry.department;
      source = { kind: 'apiKey', id: entry.id, keyId: entry.keyId };
    } else {
      const pending = this.challenges.get(request.challenge);
      this.challenges.delete(request.challenge); // one attempt per challenge
      if (!pending || pending.expires < Date.now() || pending.department !== request.department) {
        throw unauthenticated('unknown, used or expired challenge');
      }
      const key = await this.options.directory.key(request.keyId);
      if (!key || key.department !== request.department) throw unauthenticated(`key ${request.keyId} is not a registered key of ${request.department}`);
      if (key.status !== 'valid') throw unauthenticated(`key ${request.keyId} is ${key.status}`);
      let ok = false;
      try {
        ok = sm2Verify(hexToBytes(request.signature.toLowerCase()), utf8Encode(request.challenge), hexToBytes(key.key.publicKey), request.userId ?? DEFAULT_USER_ID);
      } catch {
        ok = false;
      }
      if (!ok) throw unauthenticated('the challenge signature does not verify');
      department = request.department;
      source = { kind: 'key', keyId: request.keyId };
    }
    if (!(await this.options.directory.get(department))) throw unauthenticated(`department ${department} is not registered on the ledger`);
    const token = jwt.sign({ sub: department, src: source }, this.key, {
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: this.options.ttlSeconds,
      jwtid: randomBytes(12).toString('hex'),
    });
    return { token, tokenType: 'Bearer', expiresIn: this.options.ttlSeconds, department };
  }

  /**
   * Verifies a bearer token: fixed algorithm list, issuer, audience, expiry, and a source (the key or API key it came
   * from). Returns the department id and the source; `required()` then checks the source is still good.
   */
  verifyToken(token: string): { department: string; source: TokenSource } {
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (Date.now() < cached.expiresAt) return { department: cached.department, source: cached.source };
      this.verified.delete(token);
    }
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.key, { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE });
    } catch (error) {
      throw unauthenticated(`invalid token: ${(error as Error).message}`);
    }
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw unauthenticated('invalid token: no subject or expiry');
    const source: unknown = (payload as { src?: unknown }).src;
    if (!isTokenSource(source)) throw unauthenticated('invalid token: it names no key or API key it came from; log in again');
    if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
    this.verified.set(token, { department: payload.sub, source, expiresAt: payload.exp * 1000 });
    return { department: payload.sub, source };
  }

  /** Middleware: requires a valid bearer token and puts the department (from the ledger) in res.locals.principal. */
  required(): RequestHandler {
    return async (req, res, next) => {
      const header = req.headers.authorization;
      if (header === undefined || !header.startsWith('Bearer ')) throw unauthenticated('missing bearer token (POST /api/v1/auth/token)');
      const { department: departmentId, source } = this.verifyToken(header.slice('Bearer '.length).trim());
      const department = await this.options.directory.get(departmentId);
      if (!department) throw unauthenticated(`department ${departmentId} is no longer registered`);
      const refusal = await this.credentials.refusal(departmentId, source);
      if (refusal !== undefined) throw unauthenticated(`the token is no longer valid: ${refusal}`);
      res.locals.principal = { department } satisfies Principal;
      next();
    };
  }
}

export function principalOf(locals: Record<string, unknown>): Principal {
  const principal = locals.principal as Principal | undefined;
  if (!principal) throw unauthenticated('not authenticated');
  return principal;
}
