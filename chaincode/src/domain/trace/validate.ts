/** Shape validators of the traceability records (pure; field-named errors, unknown fields refused). */
import type { JsonValue } from '../../../crypto';
import { recordValidator } from '../../records/common';
import { Fields, type FieldError } from '../../records/fields';
import { isValidCreditCode } from './subject';
import {
  DERIVATION_KINDS,
  INPUT_CATEGORIES,
  MAX_QUANTITY,
  TRANSFER_ROLES,
  PRODUCER_KINDS,
  QUANTITY_UNITS,
  TRACE_EVENT_KINDS,
  type BatchSpec,
  type DerivationInput,
  type Origin,
  type Product,
  type TraceBatchRecord,
  type TraceDerivationRecord,
  type TraceEventDetails,
  type TraceEventKind,
  type TraceEventRecord,
  type TraceRecallRecord,
} from './types';

/** An event time as it happened in the world, with its zone: `Z` or an offset (China Standard Time is +08:00). */
const ZONED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

export function isZonedTimestamp(value: string): boolean {
  return ZONED_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

const SEASON_PATTERN = /^\d{4}-(spring|summer|autumn|winter)$/;
export { MAX_QUANTITY };

function readProduct(fields: Fields): Product {
  const name = fields.string('name', { max: 64 });
  const standard = fields.optionalString('standard', { max: 64 });
  fields.end();
  return standard === undefined ? { name } : { name, standard };
}

function readOrigin(fields: Fields): Origin {
  const province = fields.string('province', { max: 32 });
  const city = fields.string('city', { max: 32 });
  const county = fields.string('county', { max: 32 });
  const place = fields.optionalString('place', { max: 64 });
  fields.end();
  return place === undefined ? { province, city, county } : { province, city, county, place };
}

/** The batch fields (shared by registration records and derivation outputs). */
export function readBatchSpec(fields: Fields): BatchSpec {
  const batchId = fields.id('batchId');
  const product = readProduct(fields.object('product'));
  const origin = readOrigin(fields.object('origin'));
  const producerFields = fields.object('producer');
  const producer = {
    kind: producerFields.oneOf('kind', PRODUCER_KINDS),
    name: producerFields.string('name', { max: 128 }),
    creditCode: producerFields.string('creditCode', { min: 18, max: 18 }),
  };
  if (producer.creditCode.length === 18 && !isValidCreditCode(producer.creditCode)) {
    producerFields.error('creditCode', 'is not a valid unified social credit code (GB 32100 check character)');
  }
  producerFields.end();
  const quantity = fields.integer('quantity', 1, MAX_QUANTITY);
  const unit = fields.oneOf('unit', QUANTITY_UNITS);
  const harvestSeason = fields.string('harvestSeason', { max: 16, pattern: SEASON_PATTERN, patternHint: 'must look like 2024-spring' });
  return { batchId, product, origin, producer, quantity, unit, harvestSeason };
}

export const validateBatchRecord = recordValidator<TraceBatchRecord>('trace.batch.register', (fields) => readBatchSpec(fields));

/** `base` plus the extras that are defined (optional fields are omitted, never written as undefined). */
function optional<T extends object>(base: T, extras: Readonly<Record<string, unknown>>): T {
  const defined = Object.fromEntries(Object.entries(extras).filter(([, value]) => value !== undefined));
  return { ...base, ...defined };
}

function readDetails<K extends TraceEventKind>(kind: K, d: Fields): TraceEventDetails[K] {
  let details: TraceEventDetails[TraceEventKind];
  switch (kind) {
    case 'planting':
      details = optional({ plot: d.string('plot', { max: 128 }) }, { variety: d.optionalString('variety', { max: 64 }) });
      break;
    case 'harvest':
      details = optional({}, { method: d.optionalString('method', { max: 128 }) });
      break;
    case 'inspection': {
      const laboratory = d.string('laboratory', { max: 128 });
      const reportNumber = d.string('reportNumber', { max: 64 });
      const reportDigest = d.hex('reportDigest', 32);
      const result = d.oneOf('result', ['pass', 'fail'] as const);
      const items = d.has('items') ? d.stringArray('items', (item) => (item.length <= 64 ? undefined : 'must be at most 64 characters'), 1, 64) : (d.raw('items'), undefined);
      details = optional({ laboratory, reportNumber, reportDigest, result }, { items });
      break;
    }
    case 'processing':
      details = { process: d.string('process', { max: 128 }) };
      break;
    case 'shipment':
      details = optional({ from: d.string('from', { max: 128 }), to: d.string('to', { max: 128 }) }, { carrier: d.optionalString('carrier', { max: 128 }) });
      break;
    case 'transfer':
      details = { to: d.id('to'), as: d.oneOf('as', TRANSFER_ROLES) };
      break;
    case 'input-use':
      details = optional(
        { category: d.oneOf('category', INPUT_CATEGORIES), name: d.string('name', { max: 128 }), dose: d.string('dose', { max: 64 }) },
        { safetyIntervalDays: d.has('safetyIntervalDays') ? d.integer('safetyIntervalDays', 0, 365) : undefined },
      );
      break;
    case 'sale':
      details = optional({ seller: d.string('seller', { max: 128 }) }, { channel: d.optionalString('channel', { max: 64 }) });
      break;
    default:
      details = {} as never;
  }
  d.end();
  return details as TraceEventDetails[K];
}

export const validateEventRecord = recordValidator<TraceEventRecord>('trace.event', (fields) => {
  const batchId = fields.id('batchId');
  const kind = fields.oneOf('kind', TRACE_EVENT_KINDS);
  const occurredAt = fields.string('occurredAt', { max: 35 });
  if (occurredAt !== '' && !isZonedTimestamp(occurredAt)) fields.error('occurredAt', 'must be an ISO-8601 timestamp with its time zone, such as 2025-03-01T08:00:00+08:00 or 2025-03-01T00:00:00Z');
  const details = readDetails(kind, fields.object('details'));
  const note = fields.optionalString('note', { max: 512 });
  const body = { batchId, kind, occurredAt, details } as Omit<TraceEventRecord, 'type' | 'id' | 'department'>;
  return note === undefined ? body : { ...body, note };
});

function readInput(item: JsonValue, path: string, errors: FieldError[]): DerivationInput {
  const f = new Fields(item, path, errors);
  const input = { batchId: f.id('batchId'), quantity: f.integer('quantity', 1, MAX_QUANTITY) };
  f.end();
  return input;
}

function readOutput(item: JsonValue, path: string, errors: FieldError[]): BatchSpec {
  const f = new Fields(item, path, errors);
  const spec = readBatchSpec(f);
  f.end();
  return spec;
}

export const validateDerivationRecord = recordValidator<TraceDerivationRecord>('trace.derivation', (fields) => {
  const kind = fields.oneOf('kind', DERIVATION_KINDS);
  const inputs = fields.array('inputs', readInput, 1, 64);
  const outputs = fields.array('outputs', readOutput, 1, 64);
  const process = kind === 'process' ? fields.string('process', { max: 256 }) : fields.optionalString('process', { max: 256 });
  return process === undefined ? { kind, inputs, outputs } : { kind, inputs, outputs, process };
});

export const validateRecallRecord = recordValidator<TraceRecallRecord>('trace.recall', (fields) => ({
  batchId: fields.id('batchId'),
  reason: fields.string('reason', { max: 512 }),
  legalBasis: fields.string('legalBasis', { max: 256 }),
}));
