import type { AccessState, CatalogueEntry, GrantState, SharingRequestState } from '../domain/sharing/types';
import type { Store } from './store';

export const SHARING_KEYS = {
  catalogue: 'sharing.catalogue',
  request: 'sharing.request',
  requestByOwner: 'sharing.request.by-owner',
  grant: 'sharing.grant',
  grantByPair: 'sharing.grant.by-pair',
  access: 'sharing.access',
  accessByPair: 'sharing.access.by-pair',
  accessRefused: 'sharing.access.refused',
  accessByOwner: 'sharing.access.by-owner',
  accessByReader: 'sharing.access.by-reader',
} as const;

export async function loadCatalogueEntry(store: Store, owner: string, resourceId: string): Promise<CatalogueEntry | undefined> {
  return store.get<CatalogueEntry>(SHARING_KEYS.catalogue, [owner, resourceId]);
}

export async function saveCatalogueEntry(store: Store, entry: CatalogueEntry): Promise<void> {
  await store.put(SHARING_KEYS.catalogue, [entry.owner, entry.resourceId], entry);
}

export async function listCatalogue(store: Store, owner?: string): Promise<CatalogueEntry[]> {
  return (await store.list<CatalogueEntry>(SHARING_KEYS.catalogue, owner === undefined ? [] : [owner])).map((e) => e.value);
}

export async function loadRequest(store: Store, requestId: string): Promise<SharingRequestState | undefined> {
  return store.get<SharingRequestState>(SHARING_KEYS.request, [requestId]);
}

export async function saveRequest(store: Store, request: SharingRequestState, isNew: boolean): Promise<void> {
  await store.put(SHARING_KEYS.request, [request.requestId], request);
  if (isNew) await store.putIndex(SHARING_KEYS.requestByOwner, [request.owner, request.requestId]);
}

export async function requestsForOwner(store: Store, owner: string): Promise<SharingRequestState[]> {
  const out: SharingRequestState[] = [];
  for (const attributes of await store.listIndex(SHARING_KEYS.requestByOwner, [owner])) {
    const request = attributes[1] === undefined ? undefined : await loadRequest(store, attributes[1]);
    if (request !== undefined) out.push(request);
  }
  return out;
}

export async function loadGrant(store: Store, grantId: string): Promise<GrantState | undefined> {
  return store.get<GrantState>(SHARING_KEYS.grant, [grantId]);
}

export async function saveGrant(store: Store, grant: GrantState, isNew: boolean): Promise<void> {
  await store.put(SHARING_KEYS.grant, [grant.grantId], grant);
  if (isNew) await store.putIndex(SHARING_KEYS.grantByPair, [grant.owner, grant.requester, grant.grantId]);
}

/** Grants an owner gave a requester (any resource, any status), or all of an owner's grants. */
export async function grantsOf(store: Store, owner: string, requester?: string): Promise<GrantState[]> {
  const out: GrantState[] = [];
  for (const attributes of await store.listIndex(SHARING_KEYS.grantByPair, requester === undefined ? [owner] : [owner, requester])) {
    const grant = attributes[2] === undefined ? undefined : await loadGrant(store, attributes[2]);
    if (grant !== undefined) out.push(grant);
  }
  return out;
}

export async function saveAccess(store: Store, access: AccessState): Promise<void> {
  await store.put(SHARING_KEYS.access, [access.accessId], access);
  await store.putIndex(SHARING_KEYS.accessByPair, [access.readerProvince, access.ownerProvince, access.allowed ? 'allowed' : 'refused', access.accessId]);
  await store.putIndex(SHARING_KEYS.accessByOwner, [access.owner, access.at, access.accessId]);
  await store.putIndex(SHARING_KEYS.accessByReader, [access.reader, access.at, access.accessId]);
  if (!access.allowed) await store.putIndex(SHARING_KEYS.accessRefused, [access.at, access.accessId]);
}

async function loadAccesses(store: Store, ids: Array<string | undefined>): Promise<AccessState[]> {
  const out: AccessState[] = [];
  for (const id of ids) {
    const access = id === undefined ? undefined : await store.get<AccessState>(SHARING_KEYS.access, [id]);
    if (access !== undefined) out.push(access);
  }
  return out;
}

export async function accessPairKeys(store: Store): Promise<Array<readonly string[]>> {
  return store.listIndex(SHARING_KEYS.accessByPair, []);
}

export async function refusedAccesses(store: Store): Promise<AccessState[]> {
  return loadAccesses(store, (await store.listIndex(SHARING_KEYS.accessRefused, [])).map((a) => a[1]));
}

export async function accessesOfOwner(store: Store, owner: string): Promise<AccessState[]> {
  return loadAccesses(store, (await store.listIndex(SHARING_KEYS.accessByOwner, [owner])).map((a) => a[2]));
}

export async function accessesByReader(store: Store, reader: string): Promise<AccessState[]> {
  return loadAccesses(store, (await store.listIndex(SHARING_KEYS.accessByReader, [reader])).map((a) => a[2]));
}
