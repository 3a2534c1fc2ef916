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
import { catalogueEntryFor, type Classifier } from '../visibility/classify';
import { evaluateJson, type DepartmentDirectory } from './directory';
import type { GuardedReadBudget } from './guarded-read-budget';
import { ApiError } from './errors';

export const PURPOSE_HEADER = 'x-dtl-purpose';
export const GRANT_HEADER = 'x-dtl-grant';

/** The department id of each province's gateway principal (the same ids as the fixtures' GATEWAY_PRINCIPALS). */
export const GATEWAY_PRINCIPALS: Readonly<Record<Province, string>> = { shanghai: 'sh-gateway', jiangsu: 'js-gateway', zhejiang: 'zj-gateway', anhui: 'ah-gateway' };

export function gatewayPrincipalId(province: Province): string {
  return GATEWAY_PRINCIPALS[province];
}

const OWNER_FIELDS = ['department', 'issuer'] as const;

/**
 * Department ids that own the parts of an answer: `department` / `issuer` members at any depth, in arrays of any
 * length (not inside signatures). No cap: an answer with 10,000 licences is checked for all their owners.
 */
export function ownersOf(value: unknown): Set<string> {
  const found = new Set<string>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === null || typeof next !== 'object') continue;
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
      continue;
    }
    const object = next as Record<string, unknown>;
    for (const field of OWNER_FIELDS) {
      const owner = object[field];
      if (typeof owner === 'string') found.add(owner);
    }
    for (const [key, member] of Object.entries(object)) {
      if (key !== 'signature' && typeof member === 'object') pending.push(member);
    }
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

interface AccessDecisionView {
  readonly allowed: boolean;
  readonly basis: string;
  readonly reason?: string;
  readonly grantId?: string;
}

export class AccessRecorder {
  constructor(
    private readonly ledger: Ledger,
    private readonly keystore: Keystore,
    private readonly directory: DepartmentDirectory,
    private readonly classifier: Classifier,
    private readonly budget: GuardedReadBudget,
  ) {}

  /**
   * Records every cross-region part of a read, once, with the outcome the caller gets: the sharing contract's
   * decision is asked first for every owner (evaluate, no write); if any owner refuses, only the refusals are
   * written and 403 GRANT_REQUIRED is thrown (the caller gets nothing, so no "allowed" read is recorded for the
   * others); otherwise one allowed access record per owner. 400 PURPOSE_REQUIRED without a purpose; 429 when the
   * reader's budget of ledger-writing reads is spent (nothing written). Same-province reads write nothing.
   */
  async authorise(reader: Department, owners: Iterable<string>, read: ReadContext): Promise<AccessOutcome[]> {
    const foreign: Array<{ owner: Department; resourceId: string; decision: AccessDecisionView }> = [];
    for (const ownerId of owners) {
      if (ownerId === reader.id) continue;
      const owner = await this.directory.get(ownerId);
      if (!owner || owner.province === reader.province) continue;
      if (read.purpose === undefined || read.purpose.trim() === '') {
        throw new ApiError(400, 'PURPOSE_REQUIRED', `reading ${owner.province} data needs a purpose in the X-DTL-Purpose header`, [{ field: 'header.x-dtl-purpose', message: 'Required' }]);
      }
      const resourceId = await this.resourceIdFor(owner.id, read.family);
      foreign.push({ owner, resourceId, decision: await this.decide(reader, owner, resourceId, read) });
    }
    if (foreign.length === 0) return [];
    const refused = foreign.filter((part) => !part.decision.allowed);
    const toRecord = refused.length > 0 ? refused : foreign;
    this.budget.take(reader.id, toRecord.length);
    const outcomes: AccessOutcome[] = [];
    for (const part of toRecord) outcomes.push(await this.record(reader, part.owner, part.resourceId, read));
    return outcomes;
  }

  /** Forget an owner's cached catalogue (after a catalogue write through this gateway). */
  invalidateCatalogue(owner: string): void {
    this.classifier.invalidate(owner);
  }

  /** The owner's catalogue entry for the family read (its resourceId), or the family name when not catalogued. */
  private async resourceIdFor(owner: string, family: string): Promise<string> {
    return catalogueEntryFor(await this.classifier.catalogue(owner), family)?.resourceId ?? family;
  }

  private async decide(reader: Department, owner: Department, resourceId: string, read: ReadContext): Promise<AccessDecisionView> {
    try {
      return await evaluateJson<AccessDecisionView>(this.ledger, 'sharing', 'decideRead', [reader.id, owner.id, resourceId, read.subject ?? '', read.grantId ?? ''], { province: reader.province, role: 'client' });
    } catch (error) {
      if (error instanceof LedgerError && error.code === 'INVALID_ARGUMENT') throw new ApiError(400, 'INVALID_ARGUMENT', `access decision: ${error.message.replace(/^INVALID_ARGUMENT: /, '')}`, [{ field: 'header.x-dtl-grant', message: 'not a usable grant id' }]);
      throw new ApiError(503, 'ACCESS_RECORD_UNAVAILABLE', `the sharing decision could not be read (${(error as Error).message}); the read is refused`);
    }
  }

  private async record(reader: Department, owner: Department, resourceId: string, read: ReadContext): Promise<AccessOutcome> {
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
        resourceId,
        purpose: read.purpose?.trim().slice(0, 512) ?? '',
        ...(read.subject === undefined ? {} : { subject: read.subject }),
        ...(read.grantId === undefined ? {} : { grantId: read.grantId }),
      });
      committed = await this.ledger.submit({
        identity: { province: reader.province, role: 'client' },
        contract: 'sharing',
        transaction: 'recordAccess',
        args: [JSON.stringify(record)],
        // endorsed where the content is: a majority that includes the owning province's peer (issue 12)
        atProvince: owner.province,
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
