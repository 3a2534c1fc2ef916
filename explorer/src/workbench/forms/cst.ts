/**
 * China Standard Time (UTC+8, no daylight saving) for the date-time inputs: the picker shows the wall-clock time in
 * Beijing whatever the browser's zone; the record holds the UTC instant (`…Z`) or the zoned form (`…+08:00`).
 */
const OFFSET_MS = 8 * 3_600_000;

/** `2025-04-20T10:00:00Z` → `2025-04-20 18:00:00` */
export function instantToCst(iso: string): string | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const cst = new Date(ms + OFFSET_MS).toISOString();
  return `${cst.slice(0, 10)} ${cst.slice(11, 19)}`;
}

/** `2025-04-20 18:00:00` (Beijing) → `2025-04-20T10:00:00Z` */
export function cstToInstant(wallClock: string): string {
  const ms = Date.parse(`${wallClock.replace(' ', 'T')}+08:00`);
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `2025-04-20 18:00:00` (Beijing) → `2025-04-20T18:00:00+08:00` */
export function cstToZoned(wallClock: string): string {
  return `${wallClock.replace(' ', 'T')}+08:00`;
}

/** Any zoned timestamp → its Beijing wall-clock time. */
export function zonedToCst(iso: string): string | undefined {
  return instantToCst(iso);
}

/** Now, in the record's instant form (seconds). */
export function nowInstant(now = new Date()): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/** Now, zoned in China Standard Time. */
export function nowZoned(now = new Date()): string {
  const cst = new Date(now.getTime() + OFFSET_MS).toISOString();
  return `${cst.slice(0, 19)}+08:00`;
}

/** An instant shown as Beijing time with its zone name: `2025-04-20 18:00:00 北京时间`. */
export function formatCst(iso: string | undefined, zoneName: string): string {
  if (!iso) return '—';
  const shown = instantToCst(iso);
  return shown === undefined ? iso : `${shown} ${zoneName}`;
}
