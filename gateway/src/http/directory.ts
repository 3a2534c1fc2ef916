/**
 * The department registry as the gateway sees it: always read FROM THE LEDGER (department:get / getKey), cached for
 * a short time so a request burst does not evaluate the same department again and again. Roles and province come
 * from here, never from a token.
 */
import type { Department, DepartmentKey, Province } from '@dtl/chaincode';
import { utf8Decode } from '@dtl/chaincode/crypto';
import type { Ledger, LedgerIdentity } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';

export interface KeyInfo {
  readonly department: string;
  readonly province: Province;
  readonly key: DepartmentKey;
  readonly status: string;
}

/** Evaluate identity for reads the gateway makes on its own behalf. */
export const READER: LedgerIdentity = { province: 'shanghai', role: 'client' };

export async function evaluateJson<T>(ledger: Ledger, contract: string, transaction: string, args: readonly string[], identity: LedgerIdentity = READER): Promise<T> {
  const bytes = await ledger.evaluate({ identity, contract, transaction, args });
  return JSON.parse(utf8Decode(bytes)) as T;
}

export class DepartmentDirectory {
  private readonly cache = new Map<string, { at: number; value: Department | undefined }>();

  constructor(
    private readonly ledger: Ledger,
    private readonly ttlMs = 2000,
  ) {}

  /** The department, or undefined when the registry does not know it. */
  async get(id: string): Promise<Department | undefined> {
    const cached = this.cache.get(id);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.value;
    let value: Department | undefined;
    try {
      value = await evaluateJson<Department>(this.ledger, 'department', 'get', [id]);
    } catch (error) {
      if (!(error instanceof LedgerError) || (error.code !== 'NOT_FOUND' && error.code !== 'INVALID_ARGUMENT')) throw error;
      value = undefined;
    }
    this.cache.set(id, { at: Date.now(), value });
    if (this.cache.size > 10_000) this.cache.clear();
    return value;
  }

  private readonly publicKeys = new Map<string, string>();

  /** The public key registered under a key id (immutable once registered, so cached for good). */
  async publicKeyOf(keyId: string): Promise<string | undefined> {
    const cached = this.publicKeys.get(keyId);
    if (cached !== undefined) return cached;
    const info = await this.key(keyId);
    if (info === undefined) return undefined;
    if (this.publicKeys.size > 10_000) this.publicKeys.clear();
    this.publicKeys.set(keyId, info.key.publicKey);
    return info.key.publicKey;
  }

  async key(keyId: string): Promise<KeyInfo | undefined> {
    try {
      return await evaluateJson<KeyInfo>(this.ledger, 'department', 'getKey', [keyId]);
    } catch (error) {
      if (error instanceof LedgerError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_ARGUMENT')) return undefined;
      throw error;
    }
  }

  /** Forget a department after a write that changes it (rotation, update). */
  invalidate(id: string): void {
    this.cache.delete(id);
  }
}
