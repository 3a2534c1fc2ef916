import type { JsonValue } from '../../crypto';

/** One problem with one field of a record, named by its dotted path (`subject.creditCode`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  /** The values (or, for an unknown field, the field names) allowed here, from the record's schema (issue 16). */
  readonly allowed?: readonly string[];
}

/** The result of a pure validator: the typed value, or every field error found. */
export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

export type JsonObject = { [key: string]: JsonValue };

/** Record ids, department ids and other references: ≤ 128 chars of [A-Za-z0-9._:-]. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** Key ids may also carry `#` (`sh-samr#2024`). */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._:#-]{1,128}$/;
/** ISO-8601 UTC instants as produced by Date.prototype.toISOString (milliseconds optional). */
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const HEX_PATTERN = /^(?:[0-9a-f]{2})*$/;

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function joinPath(path: string, name: string | number): string {
  if (typeof name === 'number') return `${path}[${name}]`;
  return path === '' ? name : `${path}.${name}`;
}

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** Said instead of the raw pattern when it does not match. */
  readonly patternHint?: string;
}

/**
 * Reads the fields of one JSON object, collecting field-named errors instead of throwing, so a validator reports
 * every problem at once. Accessed field names are remembered; `end()` reports fields nobody asked for (records are
 * strict: an unknown field is an error, not something silently signed and ignored).
 */
export class Fields {
  readonly path: string;
  readonly errors: FieldError[];
  private readonly data: JsonObject;
  private readonly seen = new Set<string>();

  constructor(value: JsonValue | undefined, path = '', errors: FieldError[] = []) {
    this.path = path;
    this.errors = errors;
    if (isJsonObject(value)) {
      this.data = value;
    } else {
      this.data = {};
      this.errors.push({ field: path === '' ? 'record' : path, message: 'must be a JSON object' });
    }
  }

  error(name: string, message: string): void {
    this.errors.push({ field: joinPath(this.path, name), message });
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.data, name) && this.data[name] !== null;
  }

  raw(name: string): JsonValue | undefined {
    this.seen.add(name);
    return Object.prototype.hasOwnProperty.call(this.data, name) ? this.data[name] : undefined;
  }

  string(name: string, rule: StringRule = {}): string {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      this.error(name, 'is required');
      return '';
    }
    return this.checkString(name, value, rule);
  }

  optionalString(name: string, rule: StringRule = {}): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    return this.checkString(name, value, rule);
  }

  private checkString(name: string, value: JsonValue, rule: StringRule): string {
    if (typeof value !== 'string') {
      this.error(name, 'must be a string');
      return '';
    }
    const min = rule.min ?? 1;
    const max = rule.max ?? 1024;
    const length = [...value].length;
    if (length < min) this.error(name, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    else if (length > max) this.error(name, `must be at most ${max} characters`);
    else if (rule.pattern && !rule.pattern.test(value)) this.error(name, rule.patternHint ?? `must match ${rule.pattern.source}`);
    return value;
  }

  id(name: string): string {
    return this.string(name, { max: 128, pattern: ID_PATTERN, patternHint: 'must be 1-128 characters of [A-Za-z0-9._:-]' });
  }

  optionalId(name: string): string | undefined {
    return this.optionalString(name, { max: 128, pattern: ID_PATTERN, patternHint: 'must be 1-128 characters of [A-Za-z0-9._:-]' });
  }

  literal<T extends string>(name: string, expected: T): T {
    const value = this.raw(name);
    if (value !== expected) this.error(name, `must be "${expected}"`);
    return expected;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      this.error(name, 'is required');
    } else if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      this.error(name, `must be one of ${values.join(', ')}`);
    } else {
      return value as T;
    }
    return values[0] as T;
  }

  optionalOneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    if (!this.has(name)) {
      this.seen.add(name);
      return undefined;
    }
    return this.oneOf(name, values);
  }

  integer(name: string, min: number, max: number): number {
    const value = this.raw(name);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.error(name, value === undefined ? 'is required' : 'must be an integer');
      return min;
    }
    if (value < min || value > max) this.error(name, `must be between ${min} and ${max}`);
    return value;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    if (!this.has(name)) {
      this.seen.add(name);
      return undefined;
    }
    return this.integer(name, min, max);
  }

  boolean(name: string): boolean {
    const value = this.raw(name);
    if (typeof value !== 'boolean') {
      this.error(name, value === undefined ? 'is required' : 'must be true or false');
      return false;
    }
    return value;
  }

  /** An ISO-8601 UTC instant (`2025-03-01T00:00:00Z`), returned as written. */
  timestamp(name: string): string {
    const value = this.string(name, { max: 30 });
    if (value !== '' && !isTimestamp(value)) this.error(name, 'must be an ISO-8601 UTC timestamp such as 2025-03-01T00:00:00Z');
    return value;
  }

  optionalTimestamp(name: string): string | undefined {
    const value = this.optionalString(name, { max: 30 });
    if (value !== undefined && value !== '' && !isTimestamp(value)) {
      this.error(name, 'must be an ISO-8601 UTC timestamp such as 2025-03-01T00:00:00Z');
    }
    return value;
  }

  /** Lower-case hex of exactly `bytes` bytes (or any even length when bytes is undefined). */
  hex(name: string, bytes?: number): string {
    const value = this.string(name, { max: 4096 });
    if (value === '') return value;
    if (!HEX_PATTERN.test(value)) this.error(name, 'must be lower-case hex');
    else if (bytes !== undefined && value.length !== bytes * 2) this.error(name, `must be ${bytes} bytes (${bytes * 2} hex characters)`);
    return value;
  }

  object(name: string): Fields {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      this.error(name, 'is required');
      return new Fields({}, joinPath(this.path, name), []);
    }
    return new Fields(value, joinPath(this.path, name), this.errors);
  }

  optionalObject(name: string): Fields | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    return new Fields(value, joinPath(this.path, name), this.errors);
  }

  array<T>(name: string, each: (item: JsonValue, path: string, errors: FieldError[]) => T, min = 0, max = 256): T[] {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      // Required even when it may be empty: a missing array read back as [] would change the signed record.
      this.error(name, 'is required');
      return [];
    }
    if (!Array.isArray(value)) {
      this.error(name, 'must be an array');
      return [];
    }
    if (value.length < min) this.error(name, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    if (value.length > max) this.error(name, `must have at most ${max} items`);
    return value.map((item, index) => each(item, joinPath(joinPath(this.path, name), index), this.errors));
  }

  /** An array of distinct strings, each checked by `check` (return an error message, or undefined when fine). */
  stringArray(name: string, check: (item: string) => string | undefined, min = 0, max = 64): string[] {
    const items = this.array(
      name,
      (item, path, errors) => {
        if (typeof item !== 'string') {
          errors.push({ field: path, message: 'must be a string' });
          return '';
        }
        const message = check(item);
        if (message !== undefined) errors.push({ field: path, message });
        return item;
      },
      min,
      max,
    );
    if (new Set(items).size !== items.length) this.error(name, 'must not repeat an item');
    return items;
  }

  /** Reports every field of the object that no reader asked for. */
  end(): void {
    for (const key of Object.keys(this.data)) {
      if (!this.seen.has(key)) this.error(key, 'is not a known field');
      else if (this.data[key] === null && !this.errors.some((e) => e.field === joinPath(this.path, key))) {
        // Readers treat null as absent; accepting it would drop a member the signature covers.
        this.error(key, 'must not be null (leave an optional field out)');
      }
    }
  }

  /** Closes the reader and returns the value, or the errors if any were found. */
  result<T>(value: T): Validation<T> {
    this.end();
    return this.errors.length === 0 ? { ok: true, value } : { ok: false, errors: [...this.errors] };
  }
}

export function isTimestamp(value: string): boolean {
  return TIMESTAMP_PATTERN.test(value) && !Number.isNaN(Date.parse(value));
}

/** Milliseconds since the epoch of an ISO timestamp known to be valid. */
export function timeOf(value: string): number {
  return Date.parse(value);
}

/** Formats field errors as one message detail: `subject.creditCode: check character mismatch; validTo: is required`. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}${e.allowed === undefined ? '' : ` (allowed: ${e.allowed.join(', ')})`}`).join('; ');
}
