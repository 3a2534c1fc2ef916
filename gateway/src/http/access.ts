/**
 * Cross-region reads (谁使用 谁负责): when a department reads data owned by a department of another province, the
 * gateway first writes an access record through the sharing contract, signed by the READING province's gateway
 * principal (`sh-gateway`, `js-gateway`, `zj-gateway`, `ah-gateway`; key in the keystore). The contract checks the grant; a read without a valid grant
 * for conditional data is refused (403 GRANT_REQUIRED) and the refusal is on the ledger too. Fail closed: when the
 * access record cannot be written, the data is not served.
 */
import { randomUUID } from 'node:crypto';
import type { Department, Province } from '@dtl/chaincode';
import { utf8Decode } from '@dtl/chaincode/crypto';
import type { Keystore } from '../keystore/keystore';
import type { Ledger } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';
import { evaluateJson, type DepartmentDirectory } from './directory';
import { ApiError } from './errors';

export const PURPOSE_HEADER = 'x-dtl-purpose';
export const GRANT_HEADER = 'x-dtl-grant';

/** The department id of each province's gateway principal (the same ids as the fixtures' GATEWAY_PRINCIPALS). */
export const GATEWAY_PRINCIPALS: Readonly<Record<Province, string>> = { shanghai: 'sh-gateway', jiangsu: 'js-gateway', zhejiang: 'zj-gateway', anhui: 'ah-gateway' };

export function gatewayPrincipalId(province: Province): string {
  return GATEWAY_PRINCIPALS[province];
}

const OWNER_FIELDS = ['department', 'issuer'] as const;

/** Department ids that own the parts of an answer: `department` / `issuer` members at any depth up to 5 (not in signatures). */
export function ownersOf(value: unknown, depth = 0, found: Set<string> = new Set()): Set<string> {
  if (depth > 5 || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 1000)) ownersOf(item, depth + 1, found);
    return found;
  }
  const object = value as Record<string, unknown>;
  for (const field of OWNER_FIELDS) {
    const owner = object[field];
    if (typeof owner === 'string') found.add(owner);
  }
  for (const [key, member] of Object.entries(object)) {
    if (key !== 'signature' && typeof member === 'object') ownersOf(member, depth + 1, found);
  }
  return found;
}

export interface AccessOutcome {
  readonly owner: string;
  readonly accessRecordId: string;
  readonly txId: string;
  readonly basis: string;
  readonly grantId?: string;
}

export interface ReadContext {
  readonly family: string;
  readonly purpose: string | undefined;
  readonly grantId?: string | undefined;
  readonly subject?: string | undefined;
}

interface AccessRefs {
  readonly allowed?: boolean;
  readonly basis?: string;
  readonly reason?: string;
  readonly grantId?: string;
}

export class AccessRecorder {
  private readonly catalogueCache = new Map<string, { at: number; entries: Array<{ resourceId: string; family: string }> }>();

  constructor(
    private readonly ledger: Ledger,
    private readonly keystore: Keystore,
    private readonly directory: DepartmentDirectory,
  ) {}

  /**
   * Records every cross-region part of a read; throws 403 GRANT_REQUIRED when the sharing contract refuses one (the
   * refusal is on the ledger), 400 PURPOSE_REQUIRED without a purpose. Same-province reads write nothing.
   */
  async authorise(reader: Department, owners: Iterable<string>, read: ReadContext): Promise<AccessOutcome[]> {
    const outcomes: AccessOutcome[] = [];
    for (const ownerId of owners) {
      if (ownerId === reader.id) continue;
      const owner = await this.directory.get(ownerId);
      if (!owner || owner.province === reader.province) continue;
      if (read.purpose === undefined || read.purpose.trim() === '') {
        throw new ApiError(400, 'PURPOSE_REQUIRED', `reading ${owner.province} data needs a purpose in the X-DTL-Purpose header`, [{ field: 'header.x-dtl-purpose', message: 'Required' }]);
      }
      outcomes.push(await this.record(reader, owner, read));
    }
    return outcomes;
  }

  /** Forget an owner's cached catalogue (after a catalogue write through this gateway). */
  invalidateCatalogue(owner: string): void {
    this.catalogueCache.delete(owner);
  }

  /** The owner's catalogue entry for the family read (its resourceId), or the family name when not catalogued. */
  private async resourceIdFor(owner: string, family: string): Promise<string> {
    let cached = this.catalogueCache.get(owner);
    if (!cached || Date.now() - cached.at > 2000) {
      const entries = await evaluateJson<Array<{ resourceId: string; family: string }>>(this.ledger, 'sharing', 'catalogue', [owner]);
      cached = { at: Date.now(), entries };
      this.catalogueCache.set(owner, cached);
    }
    return cached.entries.find((entry) => entry.family === family)?.resourceId ?? family;
  }

  private async record(reader: Department, owner: Department, read: ReadContext): Promise<AccessOutcome> {
    const principal = gatewayPrincipalId(reader.province);
    if (!this.keystore.keyFor(principal)) {
      throw new ApiError(503, 'ACCESS_RECORD_UNAVAILABLE', `the ${reader.province} gateway principal has no key; cross-region reads are closed`);
    }
    const id = `access-${randomUUID()}`;
    let committed;
    try {
      const record = await this.keystore.sign(principal, {
        type: 'sharing.access',
        id,
        department: principal,
        reader: reader.id,
        owner: owner.id,
        resourceId: await this.resourceIdFor(owner.id, read.family),
        purpose: read.purpose?.trim().slice(0, 512) ?? '',
        ...(read.subject === undefined ? {} : { subject: read.subject }),
        ...(read.grantId === undefined ? {} : { grantId: read.grantId }),
      });
      committed = await this.ledger.submit({
        identity: { province: reader.province, role: 'client' },
        contract: 'sharing',
        transaction: 'recordAccess',
        args: [JSON.stringify(record)],
      });
    } catch (error) {
      if (error instanceof LedgerError && error.code === 'INVALID_ARGUMENT') throw new ApiError(400, 'INVALID_ARGUMENT', `access record: ${error.message.replace(/^INVALID_ARGUMENT: /, '')}`);
      throw new ApiError(503, 'ACCESS_RECORD_UNAVAILABLE', `the access record could not be written (${(error as Error).message}); the read is refused`);
    }
    const refs = (JSON.parse(utf8Decode(committed.result)) as { refs?: AccessRefs }).refs ?? {};
    if (refs.allowed !== true) {
      throw new ApiError(403, 'GRANT_REQUIRED', `${reader.id} may not read ${owner.id} ${read.family} data (${refs.reason ?? 'refused'}); the refusal is recorded`, {
        accessRecordId: id,
        txId: committed.txId,
        reason: refs.reason ?? 'refused',
      });
    }
    return { owner: owner.id, accessRecordId: id, txId: committed.txId, basis: refs.basis ?? 'unknown', ...(refs.grantId ? { grantId: refs.grantId } : {}) };
  }
}
