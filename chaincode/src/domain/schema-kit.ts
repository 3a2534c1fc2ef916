/**
 * The vocabulary of the record schemas: plain JSON Schema (draft 2020-12) plus a few `x-` annotations that forms,
 * docs and error messages read. Pure data and builders; no validator library here, so the browser, the gateway and
 * the chaincode can all import the schemas.
 *
 * Annotations:
 *  - `x-label` / `x-description`: { "zh-CN": …, "en": … } for a field (zh-CN first);
 *  - `x-enumLabels`: { value: { "zh-CN": …, "en": … } } for each enum value;
 *  - `x-generated`: the field is filled by the software, never typed by a user: `type` (the record type), `id`
 *    (a fresh record id), `signer` (the signed-in department), `signature` (the SM2 signature block);
 *  - `x-format`: how a form should ask for a string: `timestamp` (UTC instant), `zoned-timestamp` (with zone),
 *    `sm3-file` (SM3 digest computed from a file the user picks), `credit-code`, `sm2-public-key`, `hex`, `fen`
 *    (money in fen), `centi-points`, `reference` (an id of an existing record), `multiline`;
 *  - `x-recordType`, `x-variant`, `x-discriminator`: which record type (and which variant of it) a schema describes;
 *  - `x-rules`: rules the validator enforces that a schema cannot express (cross-field, check characters, curve
 *    membership); each names the fields it concerns.
 */

/** A text in both languages of the pages: zh-CN first, English. */
export interface Label {
  readonly 'zh-CN': string;
  readonly en: string;
}

export type GeneratedKind = 'type' | 'id' | 'signer' | 'signature';
export type FieldFormat =
  | 'timestamp'
  | 'zoned-timestamp'
  | 'sm3-file'
  | 'credit-code'
  | 'sm2-public-key'
  | 'hex'
  | 'fen'
  | 'centi-points'
  | 'reference'
  | 'multiline';

/** One JSON Schema node of a record, as far as the record schemas use JSON Schema. */
export interface FieldSchema {
  readonly type?: 'string' | 'integer' | 'boolean' | 'object' | 'array';
  readonly const?: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly items?: FieldSchema;
  readonly properties?: Readonly<Record<string, FieldSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: false;
  readonly oneOf?: readonly FieldSchema[];
  readonly anyOf?: readonly FieldSchema[];
  readonly title?: string;
  readonly description?: string;
  readonly examples?: readonly unknown[];
  readonly 'x-label'?: Label;
  readonly 'x-description'?: Label;
  readonly 'x-enumLabels'?: Readonly<Record<string, Label>>;
  readonly 'x-generated'?: GeneratedKind;
  readonly 'x-format'?: FieldFormat;
  /** Arrays of strings in a CSV cell: items separated by this character. */
  readonly 'x-separator'?: string;
}

/** A rule of the validator that the schema cannot express; `fields` are the dotted paths it may name. */
export interface RuleNote {
  readonly id: string;
  readonly fields: readonly string[];
  readonly label: Label;
}

/** The schema of one record type (or one variant of it, e.g. a black-list entry, a planting event). */
export interface RecordSchema extends FieldSchema {
  readonly $schema: 'https://json-schema.org/draft/2020-12/schema';
  readonly $id: string;
  readonly title: string;
  readonly type: 'object';
  readonly properties: Readonly<Record<string, FieldSchema>>;
  readonly required: readonly string[];
  readonly additionalProperties: false;
  readonly 'x-recordType': string;
  readonly 'x-variant'?: string;
  /** The field whose value selects the variant (`list`, `kind`, `decision`, `action`). */
  readonly 'x-discriminator'?: string;
  readonly 'x-label': Label;
  readonly 'x-description'?: Label;
  readonly 'x-rules': readonly RuleNote[];
}

/** The annotation keywords, for validators that must be told about them (ajv's strict mode). */
export const SCHEMA_ANNOTATIONS = [
  'x-label',
  'x-description',
  'x-enumLabels',
  'x-generated',
  'x-format',
  'x-separator',
  'x-recordType',
  'x-variant',
  'x-discriminator',
  'x-rules',
] as const;

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema' as const;
export const SCHEMA_BASE_ID = 'https://delta-trust-ledger.example/schemas/';

export const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });

type Extra = Omit<FieldSchema, 'type' | 'x-label'>;

/** Patterns the validators use (records/fields.ts), written for JSON Schema. */
export const PATTERNS = {
  id: '^[A-Za-z0-9._:-]{1,128}$',
  keyId: '^[A-Za-z0-9._:#-]{1,128}$',
  timestamp: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,3})?Z$',
  zonedTimestamp: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,3})?(Z|[+-](0\\d|1[0-4]):[0-5]\\d)$',
  sm3: '^[0-9a-f]{64}$',
  hex: '^(?:[0-9a-f]{2})+$',
  creditCode: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$',
} as const;

export function text(label: Label, maxLength: number, extra: Extra = {}): FieldSchema {
  return { type: 'string', minLength: 1, maxLength, 'x-label': label, ...extra };
}

export function id(label: Label, extra: Extra = {}): FieldSchema {
  return { type: 'string', minLength: 1, maxLength: 128, pattern: PATTERNS.id, 'x-label': label, ...extra };
}

export function reference(label: Label, extra: Extra = {}): FieldSchema {
  return id(label, { 'x-format': 'reference', ...extra });
}

export function keyId(label: Label): FieldSchema {
  return { type: 'string', minLength: 1, maxLength: 128, pattern: PATTERNS.keyId, 'x-label': label };
}

export function timestamp(label: Label, extra: Extra = {}): FieldSchema {
  return { type: 'string', minLength: 1, maxLength: 30, pattern: PATTERNS.timestamp, 'x-format': 'timestamp', 'x-label': label, examples: ['2025-03-01T00:00:00Z'], ...extra };
}

export function sm3File(label: Label, extra: Extra = {}): FieldSchema {
  return { type: 'string', minLength: 64, maxLength: 64, pattern: PATTERNS.sm3, 'x-format': 'sm3-file', 'x-label': label, ...extra };
}

export function creditCode(label: Label): FieldSchema {
  return { type: 'string', minLength: 18, maxLength: 18, pattern: PATTERNS.creditCode, 'x-format': 'credit-code', 'x-label': label, examples: ['91340100MA2W1X3K8U'] };
}

export function integer(label: Label, minimum: number, maximum: number, extra: Extra = {}): FieldSchema {
  return { type: 'integer', minimum, maximum, 'x-label': label, ...extra };
}

/** One of the given values, each with its label (every value must have one). */
export function oneOfValues<T extends string>(label: Label, values: readonly T[], labels: Readonly<Record<T, Label>>, extra: Extra = {}): FieldSchema {
  return { type: 'string', enum: [...values], 'x-label': label, 'x-enumLabels': pick(labels, values), ...extra };
}

/** A list of distinct strings (the validators' stringArray). */
export function stringList(label: Label, item: FieldSchema, minItems: number, maxItems: number, extra: Extra = {}): FieldSchema {
  return { type: 'array', items: item, minItems, maxItems, uniqueItems: true, 'x-label': label, 'x-separator': '|', ...extra };
}

export function object(label: Label, properties: Readonly<Record<string, FieldSchema>>, required: readonly string[], extra: Extra = {}): FieldSchema {
  return { type: 'object', properties, required, additionalProperties: false, 'x-label': label, ...extra };
}

function pick<T extends string>(labels: Readonly<Record<T, Label>>, values: readonly T[]): Record<string, Label> {
  return Object.fromEntries(values.map((v) => [v, labels[v]]));
}

/** The signature block every record carries (filled in by the signer, never by a form). */
export const SIGNATURE_SCHEMA: FieldSchema = {
  type: 'object',
  'x-label': l('签名', 'Signature'),
  'x-generated': 'signature',
  'x-description': l('部门以 SM2 密钥对记录（不含本块）的规范 JSON 所作的签名', "The department's SM2 signature over the record's canonical JSON without this block"),
  properties: {
    algorithm: { type: 'string', const: 'SM2-SM3', 'x-label': l('算法', 'Algorithm') },
    keyId: keyId(l('密钥编号', 'Key id')),
    userId: text(l('SM2 用户标识', 'SM2 user id'), 256),
    value: { type: 'string', minLength: 16, maxLength: 160, pattern: PATTERNS.hex, 'x-format': 'hex', 'x-label': l('签名值（DER 十六进制）', 'Signature value (DER, hex)') },
  },
  required: ['algorithm', 'keyId', 'userId', 'value'],
  additionalProperties: false,
};

export interface RecordSchemaSpec {
  readonly recordType: string;
  readonly variant?: { readonly name: string; readonly field: string };
  readonly label: Label;
  readonly description?: Label;
  readonly properties: Readonly<Record<string, FieldSchema>>;
  readonly required: readonly string[];
  readonly rules?: readonly RuleNote[];
}

/** A record schema: the common head (type, id, department), the family's fields, the signature block. */
export function recordSchema(spec: RecordSchemaSpec): RecordSchema {
  const key = spec.variant === undefined ? spec.recordType : `${spec.recordType}:${spec.variant.name}`;
  return {
    $schema: SCHEMA_DIALECT,
    $id: `${SCHEMA_BASE_ID}${key}.schema.json`,
    title: key,
    type: 'object',
    'x-recordType': spec.recordType,
    ...(spec.variant === undefined ? {} : { 'x-variant': spec.variant.name, 'x-discriminator': spec.variant.field }),
    'x-label': spec.label,
    ...(spec.description === undefined ? {} : { 'x-description': spec.description }),
    properties: {
      type: { type: 'string', const: spec.recordType, 'x-label': l('记录类型', 'Record type'), 'x-generated': 'type' },
      id: id(l('记录编号', 'Record id'), { 'x-generated': 'id', 'x-description': l('由系统生成，每条记录只能提交一次', 'Generated; a record id is accepted once') }),
      department: id(l('签发部门', 'Signing department'), { 'x-generated': 'signer' }),
      ...spec.properties,
      signature: SIGNATURE_SCHEMA,
    },
    required: ['type', 'id', 'department', ...spec.required, 'signature'],
    additionalProperties: false,
    'x-rules': spec.rules ?? [],
  };
}

/** A field with a constant value that selects a variant (e.g. `list: "black"`). */
export function variantConst(label: Label, value: string, valueLabel: Label): FieldSchema {
  return { type: 'string', const: value, 'x-label': label, 'x-enumLabels': { [value]: valueLabel } };
}

export const TIME_ORDER_RULE = (later: string, earlier: string): RuleNote => ({
  id: `${later}-after-${earlier}`,
  fields: [later],
  label: l(`${later} 须晚于 ${earlier}`, `${later} must be after ${earlier}`),
});

export const CREDIT_CODE_RULE = (...fields: string[]): RuleNote => ({
  id: 'credit-code-check-character',
  fields,
  label: l('统一社会信用代码须通过 GB 32100 校验位', 'The unified social credit code must pass the GB 32100 check character'),
});
