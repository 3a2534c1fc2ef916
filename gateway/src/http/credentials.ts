/**
 * Is the credential a token came from still good? A token names its source: the registered SM2 key that signed the
 * login challenge, or the API key (and the registered key that API key is bound to). On every use the source is
 * checked against the ledger's registry (key revoked, superseded, expired, not this department's) and against the
 * API key store (revoked, expired, demo key in production), with answers cached for a short time (default 2 s), so a
 * revocation on the ledger ends every token and API key that came from the key within that time.
 */
import { keyStatusAt } from '@dtl/chaincode';
import { apiKeyRefusal, type ApiKeyStore } from '../keystore/api-keys';
import type { DepartmentDirectory } from './directory';

export type TokenSource = { readonly kind: 'key'; readonly keyId: string } | { readonly kind: 'apiKey'; readonly id: string; readonly keyId: string };

export function isTokenSource(value: unknown): value is TokenSource {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.kind === 'key') return typeof v.keyId === 'string' && v.keyId !== '';
  if (v.kind === 'apiKey') return typeof v.id === 'string' && typeof v.keyId === 'string';
  return false;
}

export interface CredentialOptions {
  readonly production: boolean;
  readonly ttlMs?: number;
}

export class CredentialRegistry {
  private readonly cache = new Map<string, { at: number; refusal: string | undefined }>();
  private readonly ttlMs: number;

  constructor(
    private readonly directory: DepartmentDirectory,
    private readonly apiKeys: ApiKeyStore,
    private readonly options: CredentialOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 2000;
  }

  /**
   * Why a registered key cannot vouch for department now, or undefined. An empty keyId (an API key bound to no
   * particular key, development harnesses only) needs the department to hold at least one valid key.
   */
  async keyRefusal(department: string, keyId: string): Promise<string | undefined> {
    if (keyId === '') {
      const registered = await this.directory.get(department);
      if (!registered) return `department ${department} is not registered`;
      const now = new Date().toISOString();
      return registered.keys.some((key) => keyStatusAt(key, now) === 'valid') ? undefined : `department ${department} has no valid key`;
    }
    const info = await this.directory.key(keyId);
    if (!info) return `key ${keyId} is not registered`;
    if (info.department !== department) return `key ${keyId} is not a key of ${department}`;
    if (info.status !== 'valid') return `key ${keyId} is ${info.status}`;
    return undefined;
  }

  /** Why an API key entry (already found by its text) cannot be used, or undefined. */
  async apiKeyRefusal(id: string): Promise<string | undefined> {
    const entry = this.apiKeys.byId(id);
    if (!entry) return `API key ${id} no longer exists`;
    return apiKeyRefusal(entry, Date.now(), this.options.production) ?? (await this.keyRefusal(entry.department, entry.keyId));
  }

  /** Why a token from this source may no longer act for department, or undefined; cached for ttlMs. */
  async refusal(department: string, source: TokenSource): Promise<string | undefined> {
    const cacheKey = `${department}\u0000${source.kind}\u0000${source.kind === 'apiKey' ? source.id : source.keyId}`;
    const cached = this.cache.get(cacheKey);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.refusal;
    const refusal = source.kind === 'apiKey' ? await this.apiKeyRefusal(source.id) : await this.keyRefusal(department, source.keyId);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, { at: Date.now(), refusal });
    return refusal;
  }
}
