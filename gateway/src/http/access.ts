/**
 * Cross-region reads (谁使用 谁负责): when a department reads data owned by a department of another province, the
 * gateway first writes an access record through the sharing contract, signed by the READING province's gateway
 * principal (`gateway-<province>`, key in the keystore). The contract checks the grant; a read without a valid grant
 * for conditional data is refused (403 GRANT_REQUIRED) and the refusal is on the ledger too. Fail closed: when the
 * access record cannot be written, the data is not served.
 */
import { randomUUID } from 'node:crypto';
import type { Department, Province } from '@dtl/chaincode';
import { utf8Decode } from '@dtl/chaincode/crypto';
import type { Keystore } from '../keystore/keystore';
import type { Ledger } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';
import type { DepartmentDirectory } from './directory';
import { ApiError } from './errors';

export const PURPOSE_HEADER = 'x-dtl-purpose';

export function gatewayPrincipalId(province: Province): string {
  return `gateway-${province}`;
}

/** Department ids that own the parts of an answer: `department` members (also inside `record`), up to depth 4. */
export function ownersOf(value: unknown, depth = 0, found: Set<string> = new Set()): Set<string> {
  if (depth > 4 || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 1000)) ownersOf(item, depth + 1, found);
    return found;
  }
  const object = value as Record<string, unknown>;
  if (typeof object.department === 'string' && typeof object.type === 'string') found.add(object.department);
  for (const [key, member] of Object.entries(object)) {
    if (key !== 'signature' && typeof member === 'object') ownersOf(member, depth + 1, found);
  }
  return found;
}

export interface AccessOutcome {
  readonly owner: string;
  readonly accessRecordId: string;
  readonly txId?: string;
  readonly grantId?: string;
}

export class AccessRecorder {
  constructor(
    private readonly ledger: Ledger,
    private readonly keystore: Keystore,
    private readonly directory: DepartmentDirectory,
  ) {}

  /**
   * Records every cross-region part of a read; throws 403 GRANT_REQUIRED when the sharing contract refuses one,
   * 400 PURPOSE_REQUIRED without a purpose. Returns the access records written (empty for same-province reads).
   */
  async authorise(reader: Department, owners: Iterable<string>, resource: string, purpose: string | undefined): Promise<AccessOutcome[]> {
    const outcomes: AccessOutcome[] = [];
    for (const ownerId of owners) {
      if (ownerId === reader.id) continue;
      const owner = await this.directory.get(ownerId);
      if (!owner || owner.province === reader.province) continue;
      if (purpose === undefined || purpose.trim() === '') {
        throw new ApiError(400, 'PURPOSE_REQUIRED', `reading ${owner.province} data needs a purpose in the X-DTL-Purpose header`, [{ field: 'header.x-dtl-purpose', message: 'Required' }]);
      }
      outcomes.push(await this.record(reader, owner, resource, purpose.trim().slice(0, 256)));
    }
    return outcomes;
  }

  private async record(reader: Department, owner: Department, resource: string, purpose: string): Promise<AccessOutcome> {
    const principal = gatewayPrincipalId(reader.province);
    if (!this.keystore.keyFor(principal)) {
      throw new ApiError(503, 'ACCESS_RECORD_UNAVAILABLE', `the ${reader.province} gateway principal has no key; cross-region reads are closed`);
    }
    const id = `access-${randomUUID()}`;
    const record = this.keystore.sign(principal, {
      type: 'sharing.access',
      id,
      department: principal,
      reader: reader.id,
      owner: owner.id,
      resource: resource.slice(0, 256),
      purpose,
    });
    try {
      const committed = await this.ledger.submit({
        identity: { province: reader.province, role: 'client' },
        contract: 'sharing',
        transaction: 'recordAccess',
        args: [JSON.stringify(record)],
      });
      const receipt = JSON.parse(utf8Decode(committed.result)) as { refs?: { outcome?: string; grantId?: string } };
      if (receipt.refs?.outcome === 'refused') {
        throw new ApiError(403, 'GRANT_REQUIRED', `no valid grant for ${reader.id} to read ${owner.id} data; the refusal is recorded`, { accessRecordId: id, txId: committed.txId });
      }
      return { owner: owner.id, accessRecordId: id, txId: committed.txId, ...(receipt.refs?.grantId ? { grantId: receipt.refs.grantId } : {}) };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof LedgerError && error.code === 'GRANT_REQUIRED') {
        throw new ApiError(403, 'GRANT_REQUIRED', error.message.replace(/^GRANT_REQUIRED: /, ''), { accessRecordId: id });
      }
      throw new ApiError(503, 'ACCESS_RECORD_UNAVAILABLE', `the access record could not be written (${(error as Error).message}); the read is refused`);
    }
  }
}
