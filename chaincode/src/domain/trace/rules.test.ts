import { ChaincodeError } from '../../errors';
import { derivation, event, guapianSpec } from './test-data';
import { applyDerivation, applyEvent, applyRecall, derivationClosure, initialBatchState, toGrams, type DerivationSource } from './rules';
import type { BatchSpec, BatchState, TraceEventRecord } from './types';

const AT = '2024-06-01T08:00:00Z';

function run(state: BatchState, events: TraceEventRecord[]): BatchState {
  return events.reduce((s, e) => applyEvent(s, e, AT), state);
}

function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (error) {
    if (error instanceof ChaincodeError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('event state machine', () => {
  const fresh = initialBatchState('LA-GP-2024-001', 500);

  it('walks planting -> harvest -> inspection -> processing -> shipment -> sale', () => {
    const state = run(fresh, [
      event('e1', 'planting'),
      event('e2', 'harvest'),
      event('e3', 'inspection'),
      event('e4', 'processing'),
      event('e5', 'shipment'),
      event('e6', 'sale'),
    ]);
    expect(state).toMatchObject({ stage: 'sold', inspection: 'passed', eventCount: 6, lastEventId: 'e6' });
  });

  it('input use up to harvest on a registered batch; a transfer adds a custodian until the sale', () => {
    const grown = run(fresh, [event('e1', 'planting'), event('e2', 'input-use'), event('e3', 'harvest'), event('e4', 'input-use')]);
    expect(grown.stage).toBe('harvested');
    const processed = applyEvent(grown, event('e5', 'processing'), AT);
    expect(refusal(() => applyEvent(processed, event('e6', 'input-use'), AT)).message).toMatch(/input use after processed/);
    const handed = applyEvent({ ...grown, custodians: ['ja-jinzhai-coop'] }, event('e7', 'transfer'), AT);
    expect(handed.custodians).toEqual(['ja-jinzhai-coop', 'sh-hp-tea-shop']);
    expect(applyEvent(handed, event('e8', 'transfer'), AT).custodians).toEqual(['ja-jinzhai-coop', 'sh-hp-tea-shop']);
    const sold = run({ ...handed, inspection: 'passed' }, [event('e9', 'sale')]);
    expect(refusal(() => applyEvent(sold, event('e10', 'transfer'), AT)).code).toBe('CONFLICT');
  });

  it('refuses planting after harvest and a second harvest', () => {
    const harvested = run(fresh, [event('e1', 'harvest')]);
    expect(refusal(() => applyEvent(harvested, event('e2', 'planting'), AT)).message).toMatch(/^CONFLICT: planting after harvested/);
    expect(refusal(() => applyEvent(harvested, event('e2', 'harvest'), AT)).message).toMatch(/^CONFLICT: harvest after harvested/);
  });

  it('refuses planting and harvest on a derived batch', () => {
    const split = initialBatchState('LA-GP-2024-001', 100, 'split', 'passed');
    expect(refusal(() => applyEvent(split, event('e1', 'harvest'), AT)).message).toMatch(/made by split/);
    expect(refusal(() => applyEvent(split, event('e1', 'planting'), AT)).code).toBe('CONFLICT');
  });

  it('refuses a sale without a passing inspection', () => {
    const harvested = run(fresh, [event('e1', 'harvest')]);
    expect(refusal(() => applyEvent(harvested, event('e2', 'sale'), AT)).message).toMatch(/needs a passing inspection first/);
  });

  it('blocks processing, shipment and sale after a failed inspection until a passing re-inspection', () => {
    const failed = run(fresh, [event('e1', 'harvest'), event('e2', 'inspection', undefined, undefined, 'fail')]);
    expect(failed.inspection).toBe('failed');
    for (const kind of ['processing', 'shipment', 'sale'] as const) {
      expect(refusal(() => applyEvent(failed, event('e3', kind), AT)).message).toMatch(/after a failed inspection needs a passing re-inspection/);
    }
    const reinspected = applyEvent(failed, event('e3', 'inspection', undefined, undefined, 'pass'), AT);
    expect(applyEvent(reinspected, event('e4', 'sale'), AT).stage).toBe('sold');
  });

  it('a failed re-inspection after a pass blocks the sale again', () => {
    const state = run(fresh, [event('e1', 'inspection'), event('e2', 'inspection', undefined, undefined, 'fail')]);
    expect(refusal(() => applyEvent(state, event('e3', 'sale'), AT)).code).toBe('CONFLICT');
  });

  it('refuses processing and shipment after a sale, but accepts more sales and a market inspection', () => {
    const sold = run(fresh, [event('e1', 'inspection'), event('e2', 'sale')]);
    expect(refusal(() => applyEvent(sold, event('e3', 'shipment'), AT)).message).toMatch(/after sale/);
    expect(refusal(() => applyEvent(sold, event('e3', 'processing'), AT)).message).toMatch(/after sale/);
    expect(applyEvent(sold, event('e3', 'sale'), AT).eventCount).toBe(3);
    expect(applyEvent(sold, event('e3', 'inspection'), AT).inspection).toBe('passed');
  });

  it('refuses everything after a recall, including inspections', () => {
    const recalled = applyRecall(run(fresh, [event('e1', 'harvest')]), 'recall-1');
    for (const kind of ['inspection', 'processing', 'shipment', 'sale', 'planting'] as const) {
      expect(refusal(() => applyEvent(recalled, event('e2', kind), AT)).message).toMatch(/recalled \(recall-1\)/);
    }
  });

  it('keeps the first recall when a batch is covered twice', () => {
    expect(applyRecall(applyRecall(fresh, 'recall-1'), 'recall-2').recallId).toBe('recall-1');
  });

  it('refuses events on a batch used up by derivations', () => {
    const usedUp: BatchState = { ...run(fresh, [event('e1', 'inspection')]), consumed: 500 };
    expect(refusal(() => applyEvent(usedUp, event('e2', 'shipment'), AT)).message).toMatch(/used up/);
    expect(refusal(() => applyEvent(usedUp, event('e2', 'sale'), AT)).message).toMatch(/used up/);
  });

  it('refuses an event dated after its transaction and one for another batch', () => {
    expect(refusal(() => applyEvent(fresh, event('e1', 'harvest', undefined, '2024-06-01T08:00:01Z'), AT)).code).toBe('INVALID_ARGUMENT');
    expect(applyEvent(fresh, event('e1', 'harvest', undefined, AT), AT).stage).toBe('harvested');
    expect(refusal(() => applyEvent(fresh, event('e1', 'harvest', 'OTHER-BATCH'), AT)).message).toMatch(/is for batch OTHER-BATCH/);
  });
});

describe('derivations conserve quantity', () => {
  const parent = guapianSpec('LA-GP-2024-001', 500);
  const inspected: BatchState = { ...initialBatchState(parent.batchId, 500), inspection: 'passed' };
  const sources = (...entries: Array<[BatchSpec, BatchState]>): Map<string, DerivationSource> => new Map(entries.map(([spec, state]) => [spec.batchId, { spec, state }]));

  it('splits one batch into parts that add up, carrying a passing inspection over', () => {
    const out = applyDerivation(
      derivation('split', [{ batchId: parent.batchId, quantity: 300 }], [guapianSpec('LA-GP-2024-001-A', 200), guapianSpec('LA-GP-2024-001-B', 100)]),
      sources([parent, inspected]),
    );
    expect(out.inputs[0]).toMatchObject({ consumed: 300 });
    expect(out.outputs.map((o) => [o.batchId, o.quantity, o.provenance, o.inspection, o.inspectionInherited])).toEqual([
      ['LA-GP-2024-001-A', 200, 'split', 'passed', true],
      ['LA-GP-2024-001-B', 100, 'split', 'passed', true],
    ]);
  });

  it('refuses a split whose parts do not add up', () => {
    const d = derivation('split', [{ batchId: parent.batchId, quantity: 300 }], [guapianSpec('A1', 200), guapianSpec('B1', 101)]);
    expect(refusal(() => applyDerivation(d, sources([parent, inspected]))).message).toMatch(/quantity not conserved: split takes 300 kg but the outputs add up to 301/);
  });

  it('refuses taking more than is left', () => {
    const d = derivation('split', [{ batchId: parent.batchId, quantity: 300 }], [guapianSpec('A1', 150), guapianSpec('B1', 150)]);
    const half = { ...inspected, consumed: 250 };
    expect(refusal(() => applyDerivation(d, sources([parent, half]))).message).toMatch(/only 250 left/);
  });

  it('refuses a split with one output or a changed product', () => {
    expect(refusal(() => applyDerivation(derivation('split', [{ batchId: parent.batchId, quantity: 10 }], [guapianSpec('A1', 10)]), sources([parent, inspected]))).code).toBe('INVALID_ARGUMENT');
    const other = { ...guapianSpec('B1', 5), product: { name: '霍山黄芽' } };
    expect(refusal(() => applyDerivation(derivation('split', [{ batchId: parent.batchId, quantity: 10 }], [guapianSpec('A1', 5), other]), sources([parent, inspected]))).message).toMatch(/keep the product/);
  });

  it('merges batches of the same product into exactly their sum; inspection carried only when all passed', () => {
    const second = guapianSpec('LA-GP-2024-002', 200);
    const uninspected = initialBatchState(second.batchId, 200);
    const d = derivation('merge', [{ batchId: parent.batchId, quantity: 100 }, { batchId: second.batchId, quantity: 200 }], [guapianSpec('LA-GP-MIX-1', 300)]);
    const out = applyDerivation(d, sources([parent, inspected], [second, uninspected]));
    expect(out.outputs[0]).toMatchObject({ quantity: 300, provenance: 'merge', inspection: 'none' });
    const wrong = derivation('merge', [{ batchId: parent.batchId, quantity: 100 }, { batchId: second.batchId, quantity: 200 }], [guapianSpec('LA-GP-MIX-1', 299)]);
    expect(refusal(() => applyDerivation(wrong, sources([parent, inspected], [second, uninspected]))).message).toMatch(/quantity not conserved/);
    const grams = { ...second, unit: 'g' as const };
    expect(refusal(() => applyDerivation(d, sources([parent, inspected], [grams, uninspected]))).message).toMatch(/same product in the same unit/);
  });

  it('processes fresh leaves into less dry tea, never more (across units), and needs a new inspection', () => {
    const leaves = { ...guapianSpec('LA-XY-2024-001', 500), product: { name: '六安瓜片鲜叶' } };
    const leavesState = { ...initialBatchState(leaves.batchId, 500), inspection: 'passed' as const };
    const tea = { ...guapianSpec('LA-GP-2024-101', 120000), unit: 'g' as const };
    const out = applyDerivation(derivation('process', [{ batchId: leaves.batchId, quantity: 500 }], [tea], '扳片、炒生锅、炒熟锅、拉老火'), sources([leaves, leavesState]));
    expect(out.outputs[0]).toMatchObject({ provenance: 'process', inspection: 'none', quantity: 120000 });
    expect(out.inputs[0]).toMatchObject({ consumed: 500 });
    const tooMuch = { ...tea, quantity: 500_001 };
    expect(refusal(() => applyDerivation(derivation('process', [{ batchId: leaves.batchId, quantity: 500 }], [tooMuch], '烘焙'), sources([leaves, leavesState]))).message).toMatch(
      /processing makes 500001 g out of 500000 g/,
    );
  });

  it('does not compare count units with mass when processing (500 kg of tea into 2000 boxes)', () => {
    const boxes = { ...guapianSpec('LA-GP-BOX-1', 2000), unit: 'box' as const };
    expect(applyDerivation(derivation('process', [{ batchId: parent.batchId, quantity: 500 }], [boxes], '分装'), sources([parent, inspected])).outputs).toHaveLength(1);
  });

  it('refuses recalled, failed-inspection, unknown, repeated and self-referencing inputs', () => {
    const parts = [guapianSpec('A1', 5), guapianSpec('B1', 5)];
    const d = derivation('split', [{ batchId: parent.batchId, quantity: 10 }], parts);
    expect(refusal(() => applyDerivation(d, sources([parent, { ...inspected, recallId: 'rc-1' }]))).message).toMatch(/was recalled \(rc-1\)/);
    expect(refusal(() => applyDerivation(d, sources([parent, { ...inspected, inspection: 'failed' }]))).message).toMatch(/failed its latest inspection/);
    expect(refusal(() => applyDerivation(d, new Map())).code).toBe('NOT_FOUND');
    const twice = derivation('merge', [{ batchId: parent.batchId, quantity: 5 }, { batchId: parent.batchId, quantity: 5 }], [guapianSpec('M1', 10)]);
    expect(refusal(() => applyDerivation(twice, sources([parent, inspected]))).message).toMatch(/listed twice/);
    const self = derivation('split', [{ batchId: parent.batchId, quantity: 10 }], [guapianSpec(parent.batchId, 5), guapianSpec('B1', 5)]);
    expect(refusal(() => applyDerivation(self, sources([parent, inspected]))).message).toMatch(/both input and output/);
  });

  it('converts mass units to grams and leaves count units alone', () => {
    expect(toGrams(3, 't')).toBe(3_000_000);
    expect(toGrams(3, 'kg')).toBe(3_000);
    expect(toGrams(3, 'box')).toBeUndefined();
  });
});

describe('recall closure over the derivation graph', () => {
  // A -> (A1, A2); A1 -> A11; A2 and B merge -> M; M -> M1; C is unrelated.
  const graph: Record<string, string[]> = { A: ['A2', 'A1'], A1: ['A11'], A2: ['M'], B: ['M'], M: ['M1'], C: ['C1'] };
  const childrenOf = (id: string): string[] => graph[id] ?? [];

  it('covers the batch and every batch derived from it, transitively, each once', async () => {
    expect(await derivationClosure('A', childrenOf)).toEqual(['A', 'A1', 'A2', 'A11', 'M', 'M1']);
    expect(await derivationClosure('B', childrenOf)).toEqual(['B', 'M', 'M1']);
    expect(await derivationClosure('M1', childrenOf)).toEqual(['M1']);
  });

  it('accepts an asynchronous graph reader (the contract reads composite keys)', async () => {
    expect(await derivationClosure('A1', async (id) => childrenOf(id))).toEqual(['A1', 'A11']);
  });

  it('refuses a closure larger than the limit', async () => {
    await expect(derivationClosure('A', childrenOf, 3)).rejects.toThrow(/^CONFLICT: the derivation closure of A exceeds 3 batches/);
  });
});
