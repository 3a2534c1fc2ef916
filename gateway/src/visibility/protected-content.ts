/**
 * Getting protected content back (issue 12). The channel holds a protected record's hash-only form and states whose
 * narrative is replaced by markers (chaincode records/redaction.ts); the content is in the owning province's
 * `protected-<province>` collection and comes out through the chaincode only:
 *   - the owning province's departments: `protected:content`, evaluated with their province's identity at their own
 *     province's peer;
 *   - another province's department: `protected:release(accessId, recordId)` against the ALLOWED access record this
 *     read just wrote (`sharing:recordAccess`, the guarded transaction), evaluated at a peer of the OWNING province
 *     (the only peers holding the collection).
 * Anyone else keeps the markers / the hash-only form. Visibility (policy.ts) still decides who gets what; this only
 * fetches what the chaincode agrees to give.
 */
import { isHashOnlyForm, markersIn, provinceOfCollection, reveal, type Department, type Province, type StoredRecord } from '@dtl/chaincode';
import { utf8Decode } from '@dtl/chaincode/crypto';
import type { Ledger } from '../ledger/ledger';

/** A cross-province read's allowed access record for one owner (AccessRecorder's outcome). */
export interface ReadGrant {
  readonly owner: string;
  readonly accessRecordId: string;
}

/** A record as the channel stores it (department:getRecord); a protected one: hash-only form plus its collection. */
export interface ChannelStoredRecord {
  readonly record: object;
  readonly collection?: string;
}

export class ProtectedContent {
  constructor(
    private readonly ledger: Ledger,
    private readonly provinceOf: (department: string) => Promise<Province | undefined>,
  ) {}

  private async evaluate(reader: Department, transaction: 'content' | 'release', args: string[], atProvince: Province): Promise<StoredRecord | undefined> {
    // On Fabric the owner's peer may commit the block holding this read's access record a moment after the reader's
    // own peer did: a release that finds no access record yet is asked again, briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        const bytes = await this.ledger.evaluate({ identity: { province: reader.province, role: 'client' }, contract: 'protected', transaction, args, atProvince });
        return JSON.parse(utf8Decode(bytes)) as StoredRecord;
      } catch (error) {
        const notYet = transaction === 'release' && /NOT_FOUND: access record/.test(error instanceof Error ? error.message : '');
        if (!notYet || attempt >= 4) return undefined; // refused by the chaincode (not the owner, no allowed access record, stale): the form stays
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  /** The content of one protected record for this reader, or undefined when the chaincode does not give it. */
  async content(reader: Department, recordId: string, collection: string, grants: readonly ReadGrant[]): Promise<StoredRecord | undefined> {
    const province = provinceOfCollection(collection);
    if (province === undefined) return undefined;
    if (province === reader.province) return this.evaluate(reader, 'content', [recordId], province);
    for (const grant of grants) {
      if ((await this.provinceOf(grant.owner)) !== province) continue;
      const released = await this.evaluate(reader, 'release', [grant.accessRecordId, recordId], province);
      if (released !== undefined) return released;
    }
    return undefined;
  }

  /** A stored record with its content when the channel holds only the hash-only form and the reader may have it. */
  async storedRecord<T extends ChannelStoredRecord>(reader: Department, stored: T, grants: readonly ReadGrant[]): Promise<T> {
    if (stored.collection === undefined || !isHashOnlyForm(stored.record)) return stored;
    const content = await this.content(reader, String(stored.record.id), stored.collection, grants);
    return content === undefined ? stored : { ...stored, record: content.record as unknown as T['record'] };
  }

  /** The value with the protected narrative put back where the chaincode gives this reader the content. */
  async reveal<T>(reader: Department, value: T, grants: readonly ReadGrant[]): Promise<T> {
    const markers = markersIn(value);
    if (markers.length === 0) return value;
    const contents = new Map<string, Readonly<Record<string, unknown>> | undefined>();
    for (const marker of markers) {
      const key = `${marker.collection}/${marker.recordId}`;
      if (contents.has(key)) continue;
      const content = await this.content(reader, marker.recordId, marker.collection, grants);
      contents.set(key, content?.record as unknown as Readonly<Record<string, unknown>> | undefined);
    }
    return reveal(value, (collection, recordId) => contents.get(`${collection}/${recordId}`));
  }
}
