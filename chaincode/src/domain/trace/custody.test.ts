import { ChaincodeError } from '../../errors';
import { assertMayDerive, assertMayRecordEvent, assertOwnProducer } from './custody';
import { initialBatchState } from './rules';
import type { BatchSpec } from './types';

const COOP_A = { id: 'coop-a', roles: ['trace-actor'] as const, creditCode: '93341524MA2N7K4XX7' };
const COOP_B = { id: 'coop-b', roles: ['trace-actor'] as const, creditCode: '93341525MA2P1Q8R1R' };
const LAB = { id: 'lab', roles: ['laboratory'] as const };
const REGULATOR_AND_ACTOR = { id: 'county-amr', roles: ['regulator', 'trace-actor'] as const };

function spec(batchId: string, creditCode: string): BatchSpec {
  return {
    batchId,
    product: { name: '霍山石斛' },
    origin: { province: '安徽省', city: '六安市', county: '霍山县' },
    producer: { kind: 'cooperative', name: 'x', creditCode },
    quantity: 100,
    unit: 'kg',
    harvestSeason: '2025-autumn',
  };
}

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ChaincodeError ? error.code : 'not a ChaincodeError';
  }
}

describe('trace custody rules', () => {
  const heldByA = initialBatchState('HS-1', 100, 'registered', 'none', ['coop-a']);

  it('registration: the producer must be the registering department’s own subject', () => {
    expect(codeOf(() => assertOwnProducer(COOP_A, spec('HS-1', COOP_A.creditCode)))).toBeUndefined();
    expect(codeOf(() => assertOwnProducer(COOP_B, spec('HS-1', COOP_A.creditCode)))).toBe('TRACE_PRODUCER_NOT_OWN');
    expect(codeOf(() => assertOwnProducer(LAB, spec('HS-1', COOP_A.creditCode)))).toBe('TRACE_PRODUCER_NOT_OWN');
  });

  it('inspections: only an inspection role, never a custodian (a producer cannot clear its own batch)', () => {
    expect(codeOf(() => assertMayRecordEvent(COOP_A, heldByA, 'inspection'))).toBe('TRACE_INSPECTOR_REQUIRED');
    expect(codeOf(() => assertMayRecordEvent(COOP_B, heldByA, 'inspection'))).toBe('TRACE_INSPECTOR_REQUIRED');
    expect(codeOf(() => assertMayRecordEvent({ ...COOP_A, roles: ['trace-actor', 'laboratory'] }, heldByA, 'inspection'))).toBe('TRACE_SELF_INSPECTION');
    expect(codeOf(() => assertMayRecordEvent(LAB, heldByA, 'inspection'))).toBeUndefined();
    expect(codeOf(() => assertMayRecordEvent(REGULATOR_AND_ACTOR, heldByA, 'inspection'))).toBeUndefined();
  });

  it('other events: custodians only; a transfer recipient becomes one', () => {
    for (const kind of ['planting', 'harvest', 'processing', 'shipment', 'sale', 'transfer', 'input-use'] as const) {
      expect(codeOf(() => assertMayRecordEvent(COOP_A, heldByA, kind))).toBeUndefined();
      expect(codeOf(() => assertMayRecordEvent(COOP_B, heldByA, kind))).toBe('TRACE_NOT_CUSTODIAN');
      expect(codeOf(() => assertMayRecordEvent(REGULATOR_AND_ACTOR, heldByA, kind))).toBe('TRACE_NOT_CUSTODIAN');
    }
    const handedOver = { ...heldByA, custodians: ['coop-a', 'coop-b'] };
    expect(codeOf(() => assertMayRecordEvent(COOP_B, handedOver, 'sale'))).toBeUndefined();
  });

  it('derivations: inputs held by the deriver; split and merge keep the producer; processing names the deriver', () => {
    const input = { spec: spec('HS-1', COOP_A.creditCode), state: heldByA };
    const split = (creditCode: string) => ({ kind: 'split' as const, outputs: [spec('HS-1-A', creditCode), spec('HS-1-B', creditCode)] });
    expect(codeOf(() => assertMayDerive(COOP_B, split(COOP_B.creditCode), [input]))).toBe('TRACE_NOT_CUSTODIAN');
    expect(codeOf(() => assertMayDerive(COOP_A, split(COOP_B.creditCode), [input]))).toBe('TRACE_PRODUCER_NOT_OWN');
    expect(codeOf(() => assertMayDerive(COOP_A, split(COOP_A.creditCode), [input]))).toBeUndefined();
    const processor = { spec: spec('HS-1', COOP_A.creditCode), state: { ...heldByA, custodians: ['coop-a', 'coop-b'] } };
    expect(codeOf(() => assertMayDerive(COOP_B, { kind: 'process', outputs: [spec('FD-1', COOP_B.creditCode)] }, [processor]))).toBeUndefined();
    expect(codeOf(() => assertMayDerive(COOP_B, { kind: 'process', outputs: [spec('FD-1', COOP_A.creditCode)] }, [processor]))).toBe('TRACE_PRODUCER_NOT_OWN');
  });
});
