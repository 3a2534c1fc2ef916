/**
 * Canonical JSON (RFC 8785 style): object members sorted by UTF-16 code units, no insignificant whitespace,
 * strings escaped as ECMAScript JSON.stringify does, numbers in their shortest round-trip form (-0 as 0).
 * The signed bytes of a record are the UTF-8 of this text. Anything without exactly one canonical form —
 * non-finite numbers, lone surrogates, undefined, functions, class instances — is refused.
 *
 * parseJsonStrict is the matching reader for untrusted input: duplicate keys, lone surrogates, excessive depth
 * or size are refused with a typed error, in time linear in the input.
 */
import { CryptoError } from './errors';
import { utf8Encode } from './bytes';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const DEFAULT_MAX_DEPTH = 64;

const notCanonical = (path: string, detail: string): never => {
  throw new CryptoError('NOT_CANONICAL', `${path || '$'}: ${detail}`);
};

function serialise(value: unknown, path: string, depth: number, out: string[]): void {
  if (depth > DEFAULT_MAX_DEPTH) notCanonical(path, `nesting deeper than ${DEFAULT_MAX_DEPTH}`);
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) notCanonical(path, 'number is not finite');
      out.push(JSON.stringify(value));
      return;
    case 'string':
      if (LONE_SURROGATE.test(value)) notCanonical(path, 'string contains a lone surrogate');
      out.push(JSON.stringify(value));
      return;
    case 'object': {
      if (Array.isArray(value)) {
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(',');
          serialise(value[i], `${path}[${i}]`, depth + 1, out);
        }
        out.push(']');
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) notCanonical(path, 'only plain objects have a canonical form');
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      out.push('{');
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) notCanonical(`${path}.${key}`, 'undefined has no JSON form');
        if (LONE_SURROGATE.test(key)) notCanonical(path, 'member name contains a lone surrogate');
        if (!first) out.push(',');
        first = false;
        out.push(JSON.stringify(key), ':');
        serialise(member, `${path}.${key}`, depth + 1, out);
      }
      out.push('}');
      return;
    }
    default:
      notCanonical(path, `${typeof value} has no JSON form`);
  }
}

export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  serialise(value, '', 0, out);
  return out.join('');
}

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8Encode(canonicalJson(value));
}

// ------------------------------------------------------------------------------------------------ parser

export interface JsonLimits {
  /** Largest accepted input, in UTF-16 code units (default 1 MiB). */
  readonly maxBytes?: number;
  /** Deepest accepted nesting of arrays and objects (default 64). */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;

class StrictParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  private fail(detail: string): never {
    throw new CryptoError('INVALID_JSON', `${detail} at offset ${this.pos}`);
  }

  private skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('unexpected trailing characters');
    return value;
  }

  private parseValue(depth: number): JsonValue {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`);
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.parseObject(depth);
      case '[':
        return this.parseArray(depth);
      case '"':
        return this.parseString();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber();
        return this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
    }
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`invalid literal`);
    this.pos += word.length;
    return value;
  }

  private parseNumber(): number {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) return this.fail('invalid number');
    const value = Number(match[0]);
    if (!Number.isFinite(value)) this.fail('number out of range');
    this.pos += match[0].length;
    return value;
  }

  private parseString(): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunkStart, this.pos);
        this.pos++;
        break;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c === 0x5c) {
        out += t.slice(chunkStart, this.pos);
        const e = t[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          this.pos += 2;
        } else if (e === 'u') {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else {
          this.fail('invalid escape');
        }
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
    if (LONE_SURROGATE.test(out)) this.fail('string contains a lone surrogate');
    return out;
  }

  private parseArray(depth: number): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected , or ] in array');
    }
  }

  private parseObject(depth: number): { [key: string]: JsonValue } {
    this.pos++;
    const out: { [key: string]: JsonValue } = {};
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a member name');
      const key = this.parseString();
      if (seen.has(key)) this.fail(`duplicate member name ${JSON.stringify(key)}`);
      seen.add(key);
      this.skipWhitespace();
      if (this.text[this.pos++] !== ':') this.fail('expected : after member name');
      this.skipWhitespace();
      // defineProperty, so a member named "__proto__" is data, never a prototype change.
      Object.defineProperty(out, key, { value: this.parseValue(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected , or } in object');
    }
  }
}

/** Parses untrusted JSON text, refusing duplicate keys, lone surrogates and inputs too deep or too large. */
export function parseJsonStrict(text: string, limits: JsonLimits = {}): JsonValue {
  if (typeof text !== 'string') throw new CryptoError('INVALID_JSON', 'input must be text');
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_JSON_BYTES;
  if (text.length > maxBytes) throw new CryptoError('INVALID_JSON', `input of ${text.length} characters exceeds the limit of ${maxBytes}`);
  return new StrictParser(text, limits.maxDepth ?? DEFAULT_MAX_DEPTH).parseDocument();
}
