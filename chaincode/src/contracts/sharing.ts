import { Context, Contract, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { accessState, countByProvincePair, decideAccess, decideRequest, openRequest, publishCatalogue, revokeGrant } from '../domain/sharing/rules';
import { validateAccess, validateCatalogue, validateGrantRevoke, validateSharingGrant, validateSharingRequest } from '../domain/sharing/validate';
import type { Department } from '../domain/department/types';
import type { AccessDecision } from '../domain/sharing/types';
import { fail } from '../errors';
import { submitRecord } from '../records/pipeline';
import { mustLoadDepartment } from '../store/departments';
import {
  accessPairKeys,
  accessesByReader,
  accessesOfOwner,
  grantsOf,
  listCatalogue,
  loadCatalogueEntry,
  loadGrant,
  loadRequest,
  refusedAccesses,
  requestsForOwner,
  saveAccess,
  saveCatalogueEntry,
  saveGrant,
  saveRequest,
} from '../store/sharing';
import { Store } from '../store/store';
import { resultJson } from './json';

/** The sharing rule for one read, with the catalogue entry and grants loaded from the store (no writes). */
async function decideRead(store: Store, reader: Department, owner: Department, resourceId: string, subject: string | undefined, grantId: string | undefined, at: string): Promise<AccessDecision> {
  const read = { reader: reader.id, owner: owner.id, resourceId, ...(subject === undefined ? {} : { subject }) };
  const claimed = grantId === undefined ? undefined : await loadGrant(store, grantId);
  const candidates = grantId === undefined ? (await grantsOf(store, owner.id, reader.id)).filter((g) => g.resourceId === resourceId) : [];
  return decideAccess({ readerProvince: reader.province, ownerProvince: owner.province, entry: await loadCatalogueEntry(store, owner.id, resourceId), read, claimedGrantId: grantId, claimed, candidates, at });
}

/** Cross-region sharing: catalogue, requests, grants, and an access record for every cross-region read. */
@Info({ title: 'sharing', description: 'Data-sharing catalogue, requests, grants and the cross-region access log' })
export class SharingContract extends Contract {
  constructor() {
    super('sharing');
  }

  /** Publishes (or republishes, as a new version) a catalogue entry (role data-sharing-officer of the owner). */
  @Transaction()
  @Param('recordJson', 'string', 'signed sharing.catalogue record')
  @Returns('string')
  async publish(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'sharing.catalogue', validate: validateCatalogue, roles: ['data-sharing-officer'] }, async ({ record, department, store, at }) => {
      const entry = publishCatalogue(await loadCatalogueEntry(store, department.id, record.resourceId), record, department, at);
      await saveCatalogueEntry(store, entry);
      return { owner: entry.owner, resourceId: entry.resourceId, mode: entry.mode, version: entry.version };
    });
    return resultJson(receipt);
  }

  /** Requests a conditional resource of another department (role data-sharing-officer of the requester). */
  @Transaction()
  @Param('recordJson', 'string', 'signed sharing.request record')
  @Returns('string')
  async request(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'sharing.request', validate: validateSharingRequest, roles: ['data-sharing-officer'] }, async ({ record, department, store, at }) => {
      const request = openRequest(await loadCatalogueEntry(store, record.owner, record.resourceId), record, department, at);
      await saveRequest(store, request, true);
      return { requestId: request.requestId, owner: request.owner, resourceId: request.resourceId };
    });
    return resultJson(receipt);
  }

  /** Approves (creating a grant with scope and expiry) or rejects a request (owner's data-sharing officer). */
  @Transaction()
  @Param('recordJson', 'string', 'signed sharing.grant record')
  @Returns('string')
  async decide(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'sharing.grant', validate: validateSharingGrant, roles: ['data-sharing-officer'] }, async ({ record, store, at }) => {
      const request = (await loadRequest(store, record.requestId)) ?? fail('NOT_FOUND', `request ${record.requestId}`);
      const decided = decideRequest(request, record, at);
      await saveRequest(store, decided.request, false);
      if (decided.grant !== undefined) await saveGrant(store, decided.grant, true);
      const refs: Record<string, string> = { requestId: request.requestId, decision: record.decision };
      if (decided.grant !== undefined) {
        refs.grantId = decided.grant.grantId;
        refs.validTo = decided.grant.validTo;
      }
      return refs;
    });
    return resultJson(receipt);
  }

  /** Revokes a grant from now on (owner's data-sharing officer). */
  @Transaction()
  @Param('recordJson', 'string', 'signed sharing.grant.revoke record')
  @Returns('string')
  async revokeGrant(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'sharing.grant.revoke', validate: validateGrantRevoke, roles: ['data-sharing-officer'] }, async ({ record, store, at }) => {
      const grant = (await loadGrant(store, record.grantId)) ?? fail('NOT_FOUND', `grant ${record.grantId}`);
      await saveGrant(store, revokeGrant(grant, record, at), false);
      return { grantId: grant.grantId };
    });
    return resultJson(receipt);
  }

  /**
   * Records one read made through a province's gateway (signed by its gateway principal, role gateway) and decides
   * it: same province, unconditional, or a valid grant covering it. The access record is written either way; the
   * receipt's refs carry the decision ({allowed, basis, reason?, grantId?}). The gateway must not serve a refused read.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed sharing.access record')
  @Returns('string')
  async recordAccess(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'sharing.access', validate: validateAccess, roles: ['gateway'] }, async ({ record, department: gateway, store, at }) => {
      const reader = await mustLoadDepartment(store, record.reader);
      const owner = await mustLoadDepartment(store, record.owner);
      if (reader.province !== gateway.province) fail('NOT_AUTHORISED', `gateway ${gateway.id} (${gateway.province}) cannot read on behalf of ${reader.id} (${reader.province})`);
      const decision = await decideRead(store, reader, owner, record.resourceId, record.subject, record.grantId, at);
      const access = accessState(record, reader, owner, decision, at);
      await saveAccess(store, access);
      const refs: Record<string, string | boolean> = { allowed: access.allowed, basis: access.basis, readerProvince: access.readerProvince, ownerProvince: access.ownerProvince };
      if (access.reason !== undefined) refs.reason = access.reason;
      if (access.grantId !== undefined) refs.grantId = access.grantId;
      return refs;
    });
    return resultJson(receipt);
  }

  /**
   * The decision `recordAccess` would take for a read, without writing anything (evaluate): the gateway asks it for
   * every owner of an answer first, so that it records each read once with the outcome the caller actually gets.
   */
  @Transaction(false)
  @Param('reader', 'string', 'reader department id')
  @Param('owner', 'string', 'owner department id')
  @Param('resourceId', 'string', 'catalogue resource id')
  @Param('subject', 'string', 'data subject or empty')
  @Param('grantId', 'string', 'claimed grant id or empty')
  @Returns('string')
  async decideRead(ctx: Context, reader: string, owner: string, resourceId: string, subject: string, grantId: string): Promise<string> {
    const store = new Store(ctx.stub);
    const decision = await decideRead(store, await mustLoadDepartment(store, reader), await mustLoadDepartment(store, owner), resourceId, subject === '' ? undefined : subject, grantId === '' ? undefined : grantId, store.now);
    return resultJson(decision);
  }

  /** Catalogue entries of one department, or all (empty string). */
  @Transaction(false)
  @Param('owner', 'string', 'owner department id or empty')
  @Returns('string')
  async catalogue(ctx: Context, owner: string): Promise<string> {
    return resultJson(await listCatalogue(new Store(ctx.stub), owner === '' ? undefined : owner));
  }

  @Transaction(false)
  @Param('requestId', 'string', 'request id')
  @Returns('string')
  async getRequest(ctx: Context, requestId: string): Promise<string> {
    return resultJson((await loadRequest(new Store(ctx.stub), requestId)) ?? fail('NOT_FOUND', `request ${requestId}`));
  }

  /** Requests addressed to a department (what its data-sharing officer has to decide). */
  @Transaction(false)
  @Param('owner', 'string', 'owner department id')
  @Returns('string')
  async requestsFor(ctx: Context, owner: string): Promise<string> {
    return resultJson(await requestsForOwner(new Store(ctx.stub), owner));
  }

  @Transaction(false)
  @Param('grantId', 'string', 'grant id')
  @Returns('string')
  async getGrant(ctx: Context, grantId: string): Promise<string> {
    return resultJson((await loadGrant(new Store(ctx.stub), grantId)) ?? fail('NOT_FOUND', `grant ${grantId}`));
  }

  /** Grants an owner gave (to one requester, or to all when requester is empty). */
  @Transaction(false)
  @Param('owner', 'string', 'owner department id')
  @Param('requester', 'string', 'requester department id or empty')
  @Returns('string')
  async grants(ctx: Context, owner: string, requester: string): Promise<string> {
    return resultJson(await grantsOf(new Store(ctx.stub), owner, requester === '' ? undefined : requester));
  }

  /** Auditor: number of reads (allowed / refused) per reader province → owner province. */
  @Transaction(false)
  @Returns('string')
  async readsByProvincePair(ctx: Context): Promise<string> {
    return resultJson(countByProvincePair(await accessPairKeys(new Store(ctx.stub))));
  }

  /** Auditor: every refused read (no valid grant, not shared, not catalogued …), oldest first. */
  @Transaction(false)
  @Returns('string')
  async refusedReads(ctx: Context): Promise<string> {
    return resultJson(await refusedAccesses(new Store(ctx.stub)));
  }

  /** Auditor: every read of a department's data, oldest first. */
  @Transaction(false)
  @Param('owner', 'string', 'owner department id')
  @Returns('string')
  async readsOf(ctx: Context, owner: string): Promise<string> {
    return resultJson(await accessesOfOwner(new Store(ctx.stub), owner));
  }

  /** Auditor: every read made on behalf of a department, oldest first. */
  @Transaction(false)
  @Param('reader', 'string', 'reader department id')
  @Returns('string')
  async readsBy(ctx: Context, reader: string): Promise<string> {
    return resultJson(await accessesByReader(new Store(ctx.stub), reader));
  }
}
