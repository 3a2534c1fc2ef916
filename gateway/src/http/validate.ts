/** Validation at the edge: zod schemas, and a 400 naming every bad field. */
import type { z } from 'zod';
import { ApiError, type FieldIssue } from './errors';

export function issuesOf(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.') || prefix,
    message: issue.message,
  }));
}

/** Parses `value` with `schema`; throws 400 INVALID_ARGUMENT listing each bad field (prefixed with `where`). */
export function parseWith<S extends z.ZodTypeAny>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'header'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.infer<S>;
  const issues = issuesOf(result.error, where);
  throw new ApiError(400, 'INVALID_ARGUMENT', `invalid ${where}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}
