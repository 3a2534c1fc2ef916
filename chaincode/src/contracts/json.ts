import { canonicalJson } from '../../crypto';
import { toJsonValue } from '../store/store';

/** The wire form of every transaction result: canonical JSON text (the dispatcher returns strings as-is). */
export function resultJson(value: object | readonly unknown[] | null): string {
  return value === null ? 'null' : canonicalJson(toJsonValue(value));
}
