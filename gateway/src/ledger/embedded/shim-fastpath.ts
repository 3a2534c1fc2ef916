/**
 * Two per-transaction costs of fabric-shim / fabric-contract-api that do no work on the embedded ledger, removed
 * without changing what a contract sees (profiled at 64 submissions in flight: ~9% and ~10% of the main thread):
 *
 *  1. Logging below the configured level. Winston runs every message through the whole format chain (timestamp,
 *     metadata, colorize, printf) and only then lets the transport drop it; the shim and the contract API emit
 *     several debug messages per transaction (one with the creator's whole certificate). Messages that no
 *     transport of the logger would accept (`isLevelEnabled`, which looks at the logger's and its transports'
 *     levels, read at each call, so `setLevel` keeps working) are dropped before formatting instead of after.
 *  2. X.509 parsing of the creator. fabric-shim's ClientIdentity parses the creator certificate (@fidm/x509) for
 *     every transaction, and every transaction of an organisation carries the same certificate. The parse is
 *     memoised by the exact PEM text; the parsed Certificate is only read (subject, issuer, extensions) by
 *     ClientIdentity, which builds its own id and attributes from it each time. Failures are not cached.
 *
 * Both patch the modules fabric-shim and fabric-contract-api themselves resolve (winston, @fidm/x509), once per
 * process.
 */
import { createRequire } from 'node:module';

interface WinstonLoggerPrototype {
  write(chunk: unknown, ...rest: unknown[]): boolean;
  isLevelEnabled(level: string): boolean;
}

interface CertificateClass {
  fromPEM(data: unknown): unknown;
}

const PATCHED = Symbol.for('dtl.embedded.shimFastpath');
const MAX_CACHED_CERTIFICATES = 256;

/** triple-beam's LEVEL, the level winston stamps on every message it writes. */
const LEVEL = Symbol.for('level');

function patchWinston(winston: { Logger: { prototype: WinstonLoggerPrototype } }): void {
  const proto = winston.Logger.prototype;
  const write = proto.write;
  proto.write = function guardedWrite(this: WinstonLoggerPrototype, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'object' && chunk !== null) {
      const level = (chunk as Record<symbol, unknown>)[LEVEL];
      if (typeof level === 'string' && !this.isLevelEnabled(level)) {
        // What the stream would have returned for a write the transports then drop.
        return true;
      }
    }
    return write.call(this, chunk, ...rest);
  };
}

function patchCertificateParsing(requireFromShim: NodeJS.Require): void {
  const { Certificate } = requireFromShim('@fidm/x509') as { Certificate: CertificateClass };
  const fromPEM = Certificate.fromPEM.bind(Certificate);
  const cache = new Map<string, unknown>();
  Certificate.fromPEM = (data: unknown): unknown => {
    if (typeof data !== 'string') return fromPEM(data);
    const cached = cache.get(data);
    if (cached !== undefined) return cached;
    const certificate = fromPEM(data);
    if (cache.size >= MAX_CACHED_CERTIFICATES) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(data, certificate);
    return certificate;
  };
}

export function installShimFastpath(): void {
  const registry = globalThis as unknown as Record<symbol, boolean>;
  if (registry[PATCHED]) return;
  registry[PATCHED] = true;
  const requireFromShim = createRequire(require.resolve('fabric-shim/package.json'));
  const requireFromContractApi = createRequire(require.resolve('fabric-contract-api/package.json'));
  // The shim's and the contract API's loggers (one winston copy when npm dedupes them, as it does here).
  const winstons = new Set([requireFromShim('winston'), requireFromContractApi('winston')] as Array<{ Logger: { prototype: WinstonLoggerPrototype } }>);
  for (const winston of winstons) patchWinston(winston);
  patchCertificateParsing(requireFromShim);
}
