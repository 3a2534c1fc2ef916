import type { SignedRecord } from '../../../crypto';
import { fail } from '../../errors';
import { timeOf } from '../../records/fields';
import type { Department } from '../department/types';
import type {
  AccessDecision,
  AccessRecord,
  AccessState,
  CatalogueEntry,
  CatalogueRecord,
  GrantRevokeRecord,
  GrantState,
  ProvincePairCount,
  RefusalReason,
  SharingGrantRecord,
  SharingRequestRecord,
  SharingRequestState,
} from './types';

/** A new version of a catalogue entry (version 1 when new). */
export function publishCatalogue(previous: CatalogueEntry | undefined, record: SignedRecord<CatalogueRecord>, owner: Department, at: string): CatalogueEntry {
  if (previous !== undefined && previous.family !== record.family) fail('CONFLICT', `resource ${record.resourceId} is a ${previous.family} resource; publish a new resource id instead`);
  const entry: CatalogueEntry = {
    owner: owner.id,
    province: owner.province,
    resourceId: record.resourceId,
    family: record.family,
    title: record.title,
    description: record.description,
    mode: record.mode,
    version: (previous?.version ?? 0) + 1,
    recordId: record.id,
    updatedAt: at,
  };
  return record.conditions === undefined ? entry : { ...entry, conditions: record.conditions };
}

/** A request is only for a conditional resource (unconditional needs none; not-shared cannot be requested). */
export function openRequest(entry: CatalogueEntry | undefined, record: SignedRecord<SharingRequestRecord>, requester: Department, at: string): SharingRequestState {
  if (entry === undefined) fail('NOT_FOUND', `resource ${record.resourceId} of department ${record.owner} is not in the catalogue`);
  if (entry.mode === 'not-shared') fail('CONFLICT', `resource ${record.resourceId} is not shared (不予共享)`);
  if (entry.mode === 'unconditional') fail('CONFLICT', `resource ${record.resourceId} is shared unconditionally; no request is needed`);
  if (requester.id === entry.owner) fail('CONFLICT', 'a department does not request its own resource');
  if (timeOf(record.until) <= timeOf(at)) fail('INVALID_ARGUMENT', 'until: must be in the future');
  const state: SharingRequestState = {
    requestId: record.id,
    requester: requester.id,
    requesterProvince: requester.province,
    owner: entry.owner,
    resourceId: entry.resourceId,
    purpose: record.purpose,
    until: record.until,
    requestedAt: at,
    status: 'pending',
  };
  return record.subjects === undefined ? state : { ...state, subjects: [...record.subjects] };
}

/** The owner's decision on a pending request; an approval creates a grant whose scope is within the request's. */
export function decideRequest(
  request: SharingRequestState,
  record: SignedRecord<SharingGrantRecord>,
  at: string,
): { request: SharingRequestState; grant: GrantState | undefined } {
  if (record.department !== request.owner) fail('NOT_AUTHORISED', `only the owning department ${request.owner} decides request ${request.requestId}`);
  if (request.status !== 'pending') fail('CONFLICT', `request ${request.requestId} is already ${request.status}`);
  const decided: SharingRequestState = { ...request, status: record.decision, decisionId: record.id };
  if (record.decision === 'rejected') return { request: decided, grant: undefined };
  const subjects = record.subjects ?? request.subjects;
  if (request.subjects !== undefined && subjects !== undefined) {
    const outside = subjects.filter((s) => !request.subjects?.includes(s));
    if (outside.length > 0) fail('INVALID_ARGUMENT', `subjects: ${outside.join(', ')} not in the request`);
  }
  const validFrom = record.validFrom ?? at;
  const validTo = record.validTo ?? request.until;
  const grant: GrantState = {
    grantId: record.id,
    requestId: request.requestId,
    owner: request.owner,
    requester: request.requester,
    resourceId: request.resourceId,
    purpose: request.purpose,
    validFrom,
    validTo,
    status: 'active',
    grantedAt: at,
  };
  return { request: decided, grant: subjects === undefined ? grant : { ...grant, subjects: [...subjects] } };
}

export function revokeGrant(grant: GrantState, record: SignedRecord<GrantRevokeRecord>, at: string): GrantState {
  if (record.department !== grant.owner) fail('NOT_AUTHORISED', `only the owning department ${grant.owner} revokes grant ${grant.grantId}`);
  if (grant.status === 'revoked') fail('CONFLICT', `grant ${grant.grantId} is already revoked`);
  return { ...grant, status: 'revoked', revokedAt: at, revocationReason: record.reason };
}

/** Why a grant does not cover a read, or undefined when it does. */
export function grantProblem(grant: GrantState, read: { reader: string; owner: string; resourceId: string; subject?: string }, at: string): RefusalReason | undefined {
  if (grant.owner !== read.owner || grant.resourceId !== read.resourceId) return 'grant-out-of-scope';
  if (grant.requester !== read.reader) return 'grant-not-for-reader';
  if (grant.status === 'revoked' && grant.revokedAt !== undefined && timeOf(grant.revokedAt) <= timeOf(at)) return 'grant-revoked';
  if (timeOf(at) < timeOf(grant.validFrom)) return 'grant-not-yet-valid';
  if (timeOf(at) >= timeOf(grant.validTo)) return 'grant-expired';
  if (grant.subjects !== undefined && (read.subject === undefined || !grant.subjects.includes(read.subject))) return 'grant-out-of-scope';
  return undefined;
}

/**
 * The sharing rule for one read (谁使用 谁负责): same province → allowed; otherwise by the owner's catalogue entry:
 * unconditional → allowed; not shared / not catalogued → refused; conditional → allowed only under a grant that
 * covers reader, resource, subject and time. `claimed` is the grant the reader named (it alone is considered), else
 * `candidates` are the reader's grants for this resource and the first that covers the read is used.
 */
export function decideAccess(input: {
  readonly readerProvince: string;
  readonly ownerProvince: string;
  readonly entry: CatalogueEntry | undefined;
  readonly read: { reader: string; owner: string; resourceId: string; subject?: string };
  readonly claimedGrantId: string | undefined;
  readonly claimed: GrantState | undefined;
  readonly candidates: readonly GrantState[];
  readonly at: string;
}): AccessDecision {
  if (input.readerProvince === input.ownerProvince) return { allowed: true, basis: 'same-province' };
  if (input.entry === undefined) return { allowed: false, basis: 'refused', reason: 'not-catalogued' };
  if (input.entry.mode === 'unconditional') return { allowed: true, basis: 'unconditional' };
  if (input.entry.mode === 'not-shared') return { allowed: false, basis: 'refused', reason: 'not-shared' };
  if (input.claimedGrantId !== undefined) {
    if (input.claimed === undefined) return { allowed: false, basis: 'refused', reason: 'grant-unknown', grantId: input.claimedGrantId };
    const problem = grantProblem(input.claimed, input.read, input.at);
    return problem === undefined ? { allowed: true, basis: 'grant', grantId: input.claimed.grantId } : { allowed: false, basis: 'refused', reason: problem, grantId: input.claimed.grantId };
  }
  const covering = input.candidates.find((g) => grantProblem(g, input.read, input.at) === undefined);
  return covering === undefined ? { allowed: false, basis: 'refused', reason: 'no-grant' } : { allowed: true, basis: 'grant', grantId: covering.grantId };
}

/** The access state written for a read, allowed or refused. */
export function accessState(record: SignedRecord<AccessRecord>, reader: Department, owner: Department, decision: AccessDecision, at: string): AccessState {
  return {
    accessId: record.id,
    gateway: record.department,
    reader: reader.id,
    readerProvince: reader.province,
    owner: owner.id,
    ownerProvince: owner.province,
    resourceId: record.resourceId,
    purpose: record.purpose,
    ...(record.subject === undefined ? {} : { subject: record.subject }),
    ...(record.grantId === undefined ? {} : { claimedGrantId: record.grantId }),
    ...decision,
    at,
  };
}

/** Reads per (reader province, owner province) pair from index keys `[readerProvince, ownerProvince, outcome, …]`. */
export function countByProvincePair(keys: ReadonlyArray<readonly string[]>): ProvincePairCount[] {
  const counts = new Map<string, { readerProvince: string; ownerProvince: string; allowed: number; refused: number }>();
  for (const [readerProvince, ownerProvince, outcome] of keys) {
    if (readerProvince === undefined || ownerProvince === undefined) continue;
    const id = `${readerProvince}>${ownerProvince}`;
    const count = counts.get(id) ?? { readerProvince, ownerProvince, allowed: 0, refused: 0 };
    if (outcome === 'allowed') count.allowed += 1;
    else count.refused += 1;
    counts.set(id, count);
  }
  return [...counts.values()] as ProvincePairCount[];
}
