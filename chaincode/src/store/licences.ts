import type { LicenceState } from '../domain/licence/types';
import { fail } from '../errors';
import type { Store } from './store';

export const LICENCE_KEYS = { licence: 'licence', byHolder: 'licence.by-holder' } as const;

export async function loadLicence(store: Store, number: string): Promise<LicenceState | undefined> {
  return store.get<LicenceState>(LICENCE_KEYS.licence, [number]);
}

export async function mustLoadLicence(store: Store, number: string): Promise<LicenceState> {
  return (await loadLicence(store, number)) ?? fail('NOT_FOUND', `licence ${number}`);
}

export async function saveLicence(store: Store, licence: LicenceState, isNew: boolean): Promise<void> {
  await store.put(LICENCE_KEYS.licence, [licence.number], licence);
  if (isNew) await store.putIndex(LICENCE_KEYS.byHolder, [licence.holderKey, licence.number]);
}

export async function licencesOfHolder(store: Store, holderKey: string): Promise<LicenceState[]> {
  const out: LicenceState[] = [];
  for (const attributes of await store.listIndex(LICENCE_KEYS.byHolder, [holderKey])) {
    const licence = attributes[1] === undefined ? undefined : await loadLicence(store, attributes[1]);
    if (licence !== undefined) out.push(licence);
  }
  return out;
}
