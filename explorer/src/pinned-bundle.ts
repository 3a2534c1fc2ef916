/** The trust bundle this browser pins (localStorage): read, pin, unpin. No DOM, no i18n. */
import { parseTrustBundle, type TrustBundle } from '../../gateway/src/trust/bundle';

const STORAGE_KEY = 'dtl.trust.bundle';

export function pinnedBundle(): TrustBundle | undefined {
  const text = localStorage.getItem(STORAGE_KEY);
  if (text === null) return undefined;
  try {
    return parseTrustBundle(JSON.parse(text));
  } catch {
    return undefined; // an edited or damaged pin is no pin
  }
}

/** Pins a bundle; throws TrustBundleError naming the bad field. */
export function pinBundle(value: unknown): TrustBundle {
  const bundle = parseTrustBundle(value);
  localStorage.setItem(STORAGE_KEY, JSON.stringify(bundle));
  return bundle;
}

export function unpinBundle(): void {
  localStorage.removeItem(STORAGE_KEY);
}
