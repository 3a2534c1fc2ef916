/**
 * The workbench's way to the gateway: JSON over /api/v1 with the session's bearer token (held in memory only).
 * A refusal becomes a GatewayRefusal carrying the gateway's code, message and field issues, so that a form can show
 * each issue next to its field.
 */

export interface FieldIssue {
  /** The record field the issue is about, as a dotted path inside the record (`subject.creditCode`). */
  readonly field: string;
  readonly message: string;
  /** Allowed values when the message lists them (`must be one of a, b, c`). */
  readonly allowed?: readonly string[];
}

export class GatewayRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(message);
  }
}

let bearer: string | undefined;

export function setBearer(token: string | undefined): void {
  bearer = token;
}

/** `must be one of a, b, c` → [a, b, c] */
function allowedValues(message: string): string[] | undefined {
  const match = /must be (?:one of|a black-list measure:|a red-list incentive:) (.+)$/.exec(message);
  if (!match?.[1]) return undefined;
  return match[1].split(/,\s*/).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** The record field of a gateway field path: `body.record.subject.creditCode` → `subject.creditCode`. */
function recordField(field: string): string {
  return field.replace(/^body\.record\.?/, '').replace(/^record\./, '').replace(/\[(\d+)\]/g, '.$1');
}

/**
 * Field issues of a refusal: the gateway's `details` (zod: `[{field, message}]`), else the chaincode's detail
 * `field: message; field: message` (INVALID_ARGUMENT).
 */
export function issuesOf(code: string, message: string, details: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (Array.isArray(details)) {
    for (const d of details as { field?: unknown; message?: unknown; allowed?: unknown }[]) {
      if (typeof d.field === 'string' && typeof d.message === 'string') {
        const listed = Array.isArray(d.allowed) ? d.allowed.filter((v): v is string => typeof v === 'string') : undefined;
        const allowed = listed && listed.length > 0 ? listed : allowedValues(d.message);
        issues.push({ field: recordField(d.field), message: d.message, ...(allowed ? { allowed } : {}) });
      }
    }
  }
  if (issues.length === 0 && code === 'INVALID_ARGUMENT') {
    for (const part of message.split(/;\s+/)) {
      const match = /^([A-Za-z0-9_.[\]]+): (.+)$/.exec(part);
      if (!match?.[1] || !match[2]) continue;
      const allowed = allowedValues(match[2]);
      issues.push({ field: recordField(match[1]), message: match[2], ...(allowed ? { allowed } : {}) });
    }
  }
  return issues;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(`/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const code = error?.code ?? `HTTP_${response.status}`;
    const message = error?.message ?? response.statusText;
    throw new GatewayRefusal(response.status, code, message, issuesOf(code, message, error?.details));
  }
  return parsed as T;
}

export const gateway = {
  get: <T>(path: string): Promise<T> => call<T>('GET', path),
  post: <T>(path: string, body: unknown): Promise<T> => call<T>('POST', path, body),
};

/** A list answer of the read model (/api/v1/index/*). */
export interface IndexPage<T> {
  readonly items: readonly T[];
  readonly next?: string | null;
}
