/**
 * Rate limits, in one module. Clients are told apart by `req.ip`, which is the socket address unless the operator
 * declared the reverse proxies in front of the gateway (DTL_TRUST_PROXY → Express's `trust proxy`): only then is
 * X-Forwarded-For believed, and only the hops the proxies added. Behind a proxy without the setting every client
 * shares the proxy's bucket; with it set while clients reach the gateway directly, a client could pick its own key —
 * so the setting names the proxies (a hop count, addresses or subnets, `loopback`), never "trust everyone".
 *
 *   public        trace, licence verification, QR, public keys: per client address (api.ts, DTL_PUBLIC_RATE_LIMIT)
 *   login         token and challenge requests: failed attempts and successful ones counted in separate buckets,
 *                 so a department logging in often does not lock itself out, and guessing is throttled by failures
 *   department    every authenticated route: per department (from the verified token), whatever its address
 */
import type { Request, RequestHandler } from 'express';
import rateLimit, { type Options } from 'express-rate-limit';
import { ApiError } from './errors';

export interface RateLimitSettings {
  /** Failed logins (4xx answers of /auth/token and /auth/challenge) per client address and minute. */
  readonly loginFailuresPerMinute: number;
  /** Successful logins per client address and minute. */
  readonly loginSuccessesPerMinute: number;
  /** Authenticated requests per department and minute. */
  readonly departmentPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  loginFailuresPerMinute: 20,
  loginSuccessesPerMinute: 120,
  departmentPerMinute: 12_000,
};

/** DTL_TRUST_PROXY as Express's `trust proxy` value: false, a hop count, or a list of addresses/subnets/names. */
export function parseTrustProxy(text: string | undefined): false | number | string[] {
  if (text === undefined || text === '' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'true' || text === '*') throw new Error('DTL_TRUST_PROXY: "true" would trust any X-Forwarded-For a client sends; name the proxies (hop count, addresses, subnets, loopback)');
  return text.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

function limiter(limit: number, keyGenerator: ((req: Request) => string) | undefined, extra: Partial<Options> = {}): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(keyGenerator ? { keyGenerator } : {}),
    handler: (_req, _res, next) => next(new ApiError(429, 'RATE_LIMITED', 'too many requests; try again later')),
    ...extra,
  });
}

/**
 * The public budget (trace, licence checks, QR, public keys, the public pages' reads, the trust bundle): per client
 * address, DTL_PUBLIC_RATE_LIMIT a minute. Each router makes its own, so each keeps its own counts.
 */
export function publicLimiter(perMinute: number): RequestHandler {
  return limiter(perMinute, undefined);
}

/** Runs handlers one after the other as one middleware (an async handler's rejection goes to next). */
export function inSequence(...handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    const run = (index: number): void => {
      const handler = handlers[index];
      if (handler === undefined) {
        next();
        return;
      }
      let called = false;
      const proceed = (error?: unknown): void => {
        if (called) return;
        called = true;
        if (error !== undefined && error !== null && error !== 'route' && error !== 'router') next(error);
        else run(index + 1);
      };
      try {
        const result = handler(req, res, proceed) as unknown;
        if (result instanceof Promise) result.catch((error: unknown) => proceed(error ?? new Error('rejected')));
      } catch (error) {
        proceed(error);
      }
    };
    run(0);
  };
}

export interface RateLimiters {
  /** Both login buckets, in order, as one middleware. */
  readonly loginLimit: RequestHandler;
  /** After authentication: keyed by the principal's department. */
  readonly departmentLimit: RequestHandler;
}

export function rateLimiters(settings: RateLimitSettings): RateLimiters {
  const byDepartment = (req: Request): string => {
    const principal = (req.res?.locals as { principal?: { department?: { id?: string } } } | undefined)?.principal;
    return `department:${principal?.department?.id ?? 'unknown'}`;
  };
  return {
    loginLimit: inSequence(
      limiter(settings.loginFailuresPerMinute, undefined, { skipSuccessfulRequests: true }),
      limiter(settings.loginSuccessesPerMinute, undefined, { skipFailedRequests: true }),
    ),
    departmentLimit: limiter(settings.departmentPerMinute, byDepartment, { validate: { ip: false } }),
  };
}
