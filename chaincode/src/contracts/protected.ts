import { Context, Contract, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { bytesToHex } from '../../crypto';
import { PROVINCE_MSP } from '../domain/region';
import type { AccessState } from '../domain/sharing/types';
import { fail } from '../errors';
import type { StoredRecord } from '../records/common';
import { contentHashOf, isHashOnlyForm } from '../records/hash-only';
import { placementFor } from '../records/pipeline';
import { familyOfType, provinceOfCollection } from '../records/placement';
import { mustLoadDepartment } from '../store/departments';
import { KEYS } from '../store/keys';
import { loadCatalogueEntry, SHARING_KEYS } from '../store/sharing';
import { Store } from '../store/store';
import { resultJson } from './json';

/** How long after its access record a guarded read may take the content (the gateway releases at once). */
export const RELEASE_WINDOW_MS = 5 * 60 * 1000;

/** What the channel holds for a protected record: the hash-only form and the collection holding the content. */
interface ChannelRecord extends StoredRecord {
  readonly collection?: string;
}

/** A protected record's content as released: the record as signed, where it was committed, and on whose basis. */
interface ReleasedRecord extends StoredRecord {
  readonly form: 'content';
  readonly collection: string;
  readonly basis: 'owning-province' | 'guarded-read';
  readonly accessId?: string;
}

function subjectCode(value: string): string {
  return value.replace(/^(org|person):/, '');
}

/**
 * Protected content (issue 12, placement.ts): records of conditional and not-shared catalogue resources live in the
 * owning province's `protected-<province>` collection, with only their hash-only form on the channel. This contract
 * is the only way out of those collections:
 *   content   the owning province's organisation reads its own content;
 *   release   another province's organisation takes the content of one record against an ALLOWED access record
 *             (`sharing:recordAccess`, which checked the grant and wrote the record in one transaction) that names
 *             it as the reader and the record's owner and family, within RELEASE_WINDOW_MS of that access record.
 * Both are evaluations at a peer of the owning province (the only peers holding the collection; the gateway targets
 * that organisation): the content never enters a block, and the access record is the one ledger write per read.
 */
@Info({ title: 'protected', description: 'Placement of protected content and the guarded ways to read it' })
export class ProtectedContract extends Contract {
  constructor() {
    super('protected');
  }

  /** Where a department's record of `type` would live now (what the gateway asks before it submits). */
  @Transaction(false)
  @Param('department', 'string', 'writing department id')
  @Param('type', 'string', 'record type')
  @Returns('string')
  async placement(ctx: Context, department: string, type: string): Promise<string> {
    const store = new Store(ctx.stub);
    return resultJson(await placementFor(store, await mustLoadDepartment(store, department), type));
  }

  /**
   * Whether the peer that runs this holds a protected record's content — a yes/no and hashes, never the content, so
   * anyone may ask any peer (the Fabric test asks each province's peer with its own CLI). Every channel member holds
   * the private data HASH; only the owning province's peers hold the content.
   */
  @Transaction(false)
  @Param('recordId', 'string', 'record id')
  @Returns('string')
  async held(ctx: Context, recordId: string): Promise<string> {
    const store = new Store(ctx.stub);
    const { stored, collection } = await channelRecord(store, recordId);
    const key = store.key(KEYS.record, [recordId]);
    const hash = await ctx.stub.getPrivateDataHash(collection, key);
    let contentHeld = false;
    try {
      const bytes = await ctx.stub.getPrivateData(collection, key);
      contentHeld = bytes !== undefined && bytes !== null && bytes.length > 0;
    } catch {
      contentHeld = false; // a peer outside the collection: no content to read
    }
    const form = stored.record as unknown as { contentHash: string };
    return resultJson({ recordId, collection, contentHash: form.contentHash, privateDataHash: hash === undefined || hash === null ? '' : bytesToHex(hash), contentHeld });
  }

  /** The owning province reads a protected record's content (its organisation only). */
  @Transaction(false)
  @Param('recordId', 'string', 'record id')
  @Returns('string')
  async content(ctx: Context, recordId: string): Promise<string> {
    const store = new Store(ctx.stub);
    const { stored, collection } = await channelRecord(store, recordId);
    const province = provinceOfCollection(collection);
    if (province === undefined || ctx.clientIdentity.getMSPID() !== PROVINCE_MSP[province]) {
      fail('NOT_AUTHORISED', `record ${recordId} is protected in ${collection}: only ${province === undefined ? 'its province' : PROVINCE_MSP[province]} reads it here; other provinces read through sharing:recordAccess and protected:release`);
    }
    return resultJson(await released(store, stored, collection, { basis: 'owning-province' }));
  }

  /** Another province takes one protected record's content against its allowed access record. */
  @Transaction(false)
  @Param('accessId', 'string', 'the allowed sharing.access record of this read')
  @Param('recordId', 'string', 'record id')
  @Returns('string')
  async release(ctx: Context, accessId: string, recordId: string): Promise<string> {
    const store = new Store(ctx.stub);
    const access = (await store.get<AccessState>(SHARING_KEYS.access, [accessId])) ?? fail('NOT_FOUND', `access record ${accessId}`);
    if (!access.allowed) fail('GRANT_REQUIRED', `access record ${accessId} was refused (${access.reason ?? 'refused'})`);
    if (ctx.clientIdentity.getMSPID() !== PROVINCE_MSP[access.readerProvince]) {
      fail('NOT_AUTHORISED', `access record ${accessId} is ${access.readerProvince}'s read; ${ctx.clientIdentity.getMSPID()} cannot take it`);
    }
    const age = Date.parse(store.now) - Date.parse(access.at);
    if (!(age >= -60_000 && age <= RELEASE_WINDOW_MS)) fail('GRANT_REQUIRED', `access record ${accessId} is from ${access.at}: a read takes its content within ${RELEASE_WINDOW_MS / 60000} minutes; record the read again`);
    const { stored, collection } = await channelRecord(store, recordId);
    const record = stored.record as unknown as Readonly<Record<string, unknown>>;
    if (record.department !== access.owner) fail('NOT_AUTHORISED', `access record ${accessId} is for ${access.owner}'s data, record ${recordId} is ${String(record.department)}'s`);
    const entry = await loadCatalogueEntry(store, access.owner, access.resourceId);
    const family = entry?.family ?? access.resourceId;
    if (family !== familyOfType(String(record.type))) fail('NOT_AUTHORISED', `access record ${accessId} is for ${access.resourceId} (${family}), record ${recordId} is ${String(record.type)}`);
    if (access.subject !== undefined && access.subject !== '') {
      const codes = ['subject', 'holder'].map((field) => record[field] as { creditCode?: string; idDigest?: string } | undefined).flatMap((s) => [s?.creditCode, s?.idDigest]).filter((c): c is string => c !== undefined);
      if (codes.length > 0 && !codes.includes(subjectCode(access.subject))) fail('NOT_AUTHORISED', `access record ${accessId} is for subject ${access.subject}, not the subject of record ${recordId}`);
    }
    return resultJson(await released(store, stored, collection, { basis: 'guarded-read', accessId }));
  }
}

async function channelRecord(store: Store, recordId: string): Promise<{ stored: ChannelRecord; collection: string }> {
  const stored = (await store.get<ChannelRecord>(KEYS.record, [recordId])) ?? fail('NOT_FOUND', `record ${recordId}`);
  if (stored.collection === undefined || !isHashOnlyForm(stored.record)) fail('NOT_FOUND', `record ${recordId} is not protected: its content is on the channel (department:getRecord)`);
  return { stored, collection: stored.collection };
}

async function released(store: Store, stored: ChannelRecord, collection: string, basis: { basis: ReleasedRecord['basis']; accessId?: string }): Promise<ReleasedRecord> {
  const id = stored.record.id;
  const content = (await store.getPrivate<StoredRecord>(collection, KEYS.record, [id])) ?? fail('NOT_FOUND', `record ${id}: this peer holds no copy of ${collection} (read at a peer of the owning province)`);
  const onChannel = stored.record as unknown as { contentHash: string };
  if (contentHashOf(content.record) !== onChannel.contentHash) fail('INTERNAL', `record ${id}: the private copy does not hash to the channel's contentHash`);
  return { ...content, form: 'content', collection, ...basis };
}
