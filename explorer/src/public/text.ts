/** A record field as text for a page: strings and numbers as they are, anything else (absent, objects) as "". */
export function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
