import { sm2GenerateKeyPair, signRecord, type JsonValue } from '../../../crypto';
import { COOP_JINZHAI, guapianSpec } from './test-data';
import { validateBatchRecord, validateDerivationRecord, validateEventRecord, validateRecallRecord } from './validate';

const signer = { privateKey: sm2GenerateKeyPair().privateKey, keyId: 'ja-jinzhai-coop#2024' };

function signed(record: object): JsonValue {
  return JSON.parse(JSON.stringify(signRecord(record, signer))) as JsonValue;
}

function errorsOf(validation: { ok: boolean; errors?: readonly { field: string; message: string }[] }): string[] {
  return validation.ok ? [] : (validation.errors ?? []).map((e) => `${e.field}: ${e.message}`);
}

const head = { id: 'rec-batch-1', department: 'ja-jinzhai-coop' };

describe('trace.batch.register', () => {
  it('accepts a 六安瓜片 batch from a Jinzhai cooperative', () => {
    const v = validateBatchRecord(signed({ type: 'trace.batch.register', ...head, ...guapianSpec() }));
    expect(errorsOf(v)).toEqual([]);
    expect(v.ok && v.value.producer.creditCode).toBe(COOP_JINZHAI);
  });

  it('names every bad field: credit code check character, quantity, unit, season, unknown fields', () => {
    const spec = guapianSpec();
    const bad = {
      type: 'trace.batch.register',
      ...head,
      ...spec,
      producer: { ...spec.producer, creditCode: `${COOP_JINZHAI.slice(0, 17)}0` },
      quantity: 0.5,
      unit: 'jin',
      harvestSeason: '2024-Q2',
      colour: 'green',
    };
    expect(errorsOf(validateBatchRecord(signed(bad)))).toEqual([
      'producer.creditCode: is not a valid unified social credit code (GB 32100 check character)',
      'quantity: must be an integer',
      'unit: must be one of g, kg, t, piece, box, bag',
      'harvestSeason: must look like 2024-spring',
      'colour: is not a known field',
    ]);
  });

  it('requires origin down to the county', () => {
    const spec = guapianSpec();
    const bad = { type: 'trace.batch.register', ...head, ...spec, origin: { province: '安徽省', city: '六安市' } };
    expect(errorsOf(validateBatchRecord(signed(bad)))).toEqual(['origin.county: is required']);
  });
});

describe('trace.event', () => {
  const base = { type: 'trace.event', id: 'ev-1', department: 'ja-jinzhai-coop', batchId: 'LA-GP-2024-001', occurredAt: '2024-04-02T01:00:00Z' };

  it('accepts an inspection with an SM3 report digest and a result', () => {
    const v = validateEventRecord(
      signed({ ...base, kind: 'inspection', details: { laboratory: '六安市农产品质量安全检测中心', reportNumber: 'R-1', reportDigest: 'b'.repeat(64), result: 'pass', items: ['农药残留', '重金属'] } }),
    );
    expect(errorsOf(v)).toEqual([]);
    expect(v.ok && v.value.kind === 'inspection' && v.value.details.items).toEqual(['农药残留', '重金属']);
  });

  it('checks the details that belong to the kind', () => {
    const v = validateEventRecord(signed({ ...base, kind: 'inspection', details: { laboratory: 'lab', reportNumber: 'R-1', reportDigest: 'abcd', result: 'maybe', plot: 'x' } }));
    expect(errorsOf(v)).toEqual(['details.reportDigest: must be 32 bytes (64 hex characters)', 'details.result: must be one of pass, fail', 'details.plot: is not a known field']);
    expect(errorsOf(validateEventRecord(signed({ ...base, kind: 'shipment', details: { from: '金寨县' } })))).toEqual(['details.to: is required']);
    expect(errorsOf(validateEventRecord(signed({ ...base, kind: 'harvest', details: {} })))).toEqual([]);
  });

  it('refuses an unknown kind and a local-time timestamp', () => {
    expect(errorsOf(validateEventRecord(signed({ ...base, kind: 'roasting', details: {} })))).toContain('kind: must be one of planting, harvest, inspection, processing, shipment, sale, transfer, input-use');
    expect(errorsOf(validateEventRecord(signed({ ...base, occurredAt: '2024-04-02 09:00', kind: 'harvest', details: {} })))).toEqual([
      'occurredAt: must be an ISO-8601 timestamp with its time zone, such as 2025-03-01T08:00:00+08:00 or 2025-03-01T00:00:00Z',
    ]);
    // Event times carry their zone: China Standard Time as an offset is accepted.
    expect(validateEventRecord(signed({ ...base, occurredAt: '2024-04-02T09:00:00+08:00', kind: 'harvest', details: {} })).ok).toBe(true);
  });
});

describe('trace.derivation and trace.recall', () => {
  it('requires a process description for processing and validates every output batch', () => {
    const out = { ...guapianSpec('LA-GP-2024-101', 100), quantity: -1 };
    const v = validateDerivationRecord(signed({ type: 'trace.derivation', id: 'drv-1', department: 'ja-jinzhai-coop', kind: 'process', inputs: [{ batchId: 'LA-XY-1', quantity: 500 }], outputs: [out] }));
    expect(errorsOf(v)).toEqual(['outputs[0].quantity: must be between 1 and 1000000000', 'process: is required']);
  });

  it('accepts a recall with reason and legal basis and refuses one without', () => {
    const recall = { type: 'trace.recall', id: 'rc-1', department: 'la-amr', batchId: 'LA-GP-2024-001', reason: '农药残留超标', legalBasis: '《中华人民共和国食品安全法》第六十三条' };
    expect(errorsOf(validateRecallRecord(signed(recall)))).toEqual([]);
    const { legalBasis: _dropped, ...noBasis } = recall;
    expect(errorsOf(validateRecallRecord(signed(noBasis)))).toEqual(['legalBasis: is required']);
  });
});
