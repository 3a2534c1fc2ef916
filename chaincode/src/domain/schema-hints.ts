/**
 * Field errors that say what is allowed: a validator's field-named errors completed from the record's schema (the
 * single source) with the allowed values of an enum field or the known fields of an object, so that a refusal
 * teaches the caller the record format instead of making it guess.
 */
import type { JsonValue } from '../../crypto';
import type { FieldError } from '../records/fields';
import { fieldSchemaAt, propertiesOf, schemaForRecord, schemasOfType } from './schemas';
import type { FieldSchema } from './schema-kit';

function parentPath(field: string): string {
  const cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
  return cut < 0 ? '' : field.slice(0, cut);
}

/** The values or field names a caller may use at `error.field`, when the schema says. */
function allowedAt(schemas: readonly FieldSchema[], error: FieldError): readonly string[] | undefined {
  if (error.message === 'is not a known field') {
    const parent = parentPath(error.field);
    const names = new Set(schemas.flatMap((schema) => {
      const node = parent === '' ? schema : fieldSchemaAt(schema, parent);
      return node === undefined ? [] : Object.keys(propertiesOf(node));
    }));
    return names.size === 0 ? undefined : [...names];
  }
  const values = new Set(schemas.flatMap((schema) => {
    const node = fieldSchemaAt(schema, error.field.replace(/\[\d+\]$/, '[0]'));
    const leaf = node?.items !== undefined && /\[\d+\]$/.test(error.field) ? node.items : node;
    if (leaf?.enum !== undefined) return [...leaf.enum];
    if (leaf?.const !== undefined) return [leaf.const];
    return [];
  }));
  if (values.size === 0 || values.size > 64) return undefined;
  // Already listed by the validator's own message (`must be one of …`): not repeated.
  const listed = [...values].every((v) => error.message.includes(v));
  return listed ? undefined : [...values];
}

/** The errors with `allowed` added where the record's schema (or, for an unknown variant, its type's schemas) knows it. */
export function explainFieldErrors(record: JsonValue, errors: readonly FieldError[]): FieldError[] {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return [...errors];
  const exact = schemaForRecord(record);
  const schemas = exact !== undefined ? [exact.schema] : schemasOfType(String(record.type ?? '')).map((entry) => entry.schema);
  if (schemas.length === 0) return [...errors];
  return errors.map((error) => {
    const allowed = allowedAt(schemas, error);
    return allowed === undefined ? error : { ...error, allowed };
  });
}
