/**
 * The traceability rules, pure: the event state machine, quantity conservation of derivations, the recall
 * closure over the derivation graph.
 *
 * Event state machine (stages advance planting -> harvest -> processing -> shipment -> sale; an inspection
 * may happen at any point):
 * - nothing is accepted on a recalled batch (CONFLICT: … recalled);
 * - planting and harvest only on a batch registered at the farm (not a derived one); planting only before
 *   harvest, harvest only once and before processing, shipment and sale (CONFLICT);
 * - processing and shipment are refused while the latest inspection failed; sale needs a passing latest
 *   inspection (own, or inherited through a split or merge): a failed inspection blocks the batch until a
 *   passing re-inspection (CONFLICT: … inspection);
 * - processing and shipment are refused after a sale (CONFLICT);
 * - processing, shipment and sale are refused once derivations have used the batch up (CONFLICT);
 * - an event may not claim to have happened after the transaction that records it (INVALID_ARGUMENT).
 */
import { fail } from '../../errors';
import { timeOf } from '../../records/fields';
import {
  MASS_UNITS,
  type BatchSpec,
  type BatchStage,
  type BatchProvenance,
  type BatchState,
  type InspectionStatus,
  type QuantityUnit,
  type TraceDerivationRecord,
  type TraceEventRecord,
} from './types';

export function initialBatchState(
  batchId: string,
  quantity: number,
  provenance: BatchProvenance = 'registered',
  inheritedInspection: InspectionStatus = 'none',
  custodians: readonly string[] = [],
): BatchState {
  return {
    batchId,
    provenance,
    stage: 'registered',
    inspection: inheritedInspection,
    inspectionInherited: inheritedInspection !== 'none',
    quantity,
    consumed: 0,
    eventCount: 0,
    lastEventId: null,
    recallId: null,
    custodians: [...custodians],
  };
}

const STAGE_ORDER: Readonly<Record<BatchStage, number>> = { registered: 0, planted: 1, harvested: 2, processed: 3, shipped: 4, sold: 5 };

function advance(stage: BatchStage, to: BatchStage): BatchStage {
  return STAGE_ORDER[to] > STAGE_ORDER[stage] ? to : stage;
}

/** The state after `event`, or a ChaincodeError saying why the event may not follow. `at` is the transaction time. */
export function applyEvent(state: BatchState, event: TraceEventRecord, at: string): BatchState {
  if (event.batchId !== state.batchId) fail('INVALID_ARGUMENT', `event ${event.id} is for batch ${event.batchId}, not ${state.batchId}`);
  if (state.recallId !== null) fail('CONFLICT', `batch ${state.batchId} was recalled (${state.recallId}); no further events`);
  if (timeOf(event.occurredAt) > timeOf(at)) fail('INVALID_ARGUMENT', `occurredAt ${event.occurredAt} is after the transaction time ${at}`);
  const next: BatchState = { ...state, eventCount: state.eventCount + 1, lastEventId: event.id };
  const usedUp = state.consumed >= state.quantity;
  switch (event.kind) {
    case 'planting':
      if (state.provenance !== 'registered') fail('CONFLICT', `planting on batch ${state.batchId}, which was made by ${state.provenance}`);
      if (STAGE_ORDER[state.stage] > STAGE_ORDER.planted) fail('CONFLICT', `planting after ${state.stage} of batch ${state.batchId}`);
      return { ...next, stage: 'planted' };
    case 'harvest':
      if (state.provenance !== 'registered') fail('CONFLICT', `harvest on batch ${state.batchId}, which was made by ${state.provenance}`);
      if (STAGE_ORDER[state.stage] >= STAGE_ORDER.harvested) fail('CONFLICT', `harvest after ${state.stage} of batch ${state.batchId}`);
      return { ...next, stage: 'harvested' };
    case 'inspection':
      return { ...next, inspection: event.details.result === 'pass' ? 'passed' : 'failed', inspectionInherited: false };
    case 'processing':
    case 'shipment':
      if (state.inspection === 'failed') fail('CONFLICT', `${event.kind} of batch ${state.batchId} after a failed inspection needs a passing re-inspection`);
      if (state.stage === 'sold') fail('CONFLICT', `${event.kind} of batch ${state.batchId} after sale`);
      if (usedUp) fail('CONFLICT', `batch ${state.batchId} has been used up by derived batches`);
      return { ...next, stage: advance(state.stage, event.kind === 'processing' ? 'processed' : 'shipped') };
    case 'transfer':
      if (state.stage === 'sold') fail('CONFLICT', `transfer of batch ${state.batchId} after sale`);
      if (usedUp) fail('CONFLICT', `batch ${state.batchId} has been used up by derived batches`);
      return { ...next, custodians: state.custodians.includes(event.details.to) ? state.custodians : [...state.custodians, event.details.to] };
    case 'input-use':
      if (state.provenance !== 'registered') fail('CONFLICT', `input use on batch ${state.batchId}, which was made by ${state.provenance}`);
      if (STAGE_ORDER[state.stage] > STAGE_ORDER.harvested) fail('CONFLICT', `input use after ${state.stage} of batch ${state.batchId}`);
      return next;
    case 'sale':
      if (state.inspection === 'failed') fail('CONFLICT', `sale of batch ${state.batchId} after a failed inspection needs a passing re-inspection`);
      if (state.inspection !== 'passed') fail('CONFLICT', `sale of batch ${state.batchId} needs a passing inspection first`);
      if (usedUp) fail('CONFLICT', `batch ${state.batchId} has been used up by derived batches`);
      return { ...next, stage: 'sold' };
  }
}

/** Marks a batch as covered by a recall (idempotent for the first recall: an earlier recall stays the one shown). */
export function applyRecall(state: BatchState, recallId: string): BatchState {
  return state.recallId === null ? { ...state, recallId } : state;
}

/** Quantity in grams for a mass unit; undefined for count units (pieces, boxes, bags), which do not convert. */
export function toGrams(quantity: number, unit: QuantityUnit): number | undefined {
  return unit === 'g' || unit === 'kg' || unit === 't' ? quantity * MASS_UNITS[unit] : undefined;
}

/** An input batch as the derivation rule sees it: its description and its current state. */
export interface DerivationSource {
  readonly spec: BatchSpec;
  readonly state: BatchState;
}

export interface DerivationOutcome {
  /** New states of the input batches (their consumed quantity increased), in input order. */
  readonly inputs: readonly BatchState[];
  /** Initial states of the output batches, in output order. */
  readonly outputs: readonly BatchState[];
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function sameProductAndUnit(a: BatchSpec, b: BatchSpec): boolean {
  return a.product.name === b.product.name && a.unit === b.unit;
}

/**
 * Quantity conservation of a derivation, checked against its sources (keyed by batch id):
 * - split: one input, ≥ 2 outputs of the same product and unit adding up exactly to the quantity taken;
 * - merge: ≥ 2 inputs of the same product and unit, one output of exactly the sum taken;
 * - process: any product out; when all inputs and outputs are in mass units, output mass ≤ input mass.
 * Every input must still have the quantity taken, must not be recalled and must not stand on a failed
 * inspection. A split or merge carries a common passing inspection over to its outputs; processing makes a
 * new product that needs its own inspection.
 */
export function applyDerivation(derivation: TraceDerivationRecord, sources: ReadonlyMap<string, DerivationSource>): DerivationOutcome {
  const { kind, inputs, outputs } = derivation;
  const inputIds = new Set(inputs.map((i) => i.batchId));
  if (inputIds.size !== inputs.length) fail('INVALID_ARGUMENT', 'inputs: a batch is listed twice');
  const outputIds = new Set(outputs.map((o) => o.batchId));
  if (outputIds.size !== outputs.length) fail('INVALID_ARGUMENT', 'outputs: a batch id is listed twice');
  for (const id of outputIds) if (inputIds.has(id)) fail('INVALID_ARGUMENT', `batch ${id} cannot be both input and output`);
  if (kind === 'split' && (inputs.length !== 1 || outputs.length < 2)) fail('INVALID_ARGUMENT', 'a split takes one input and makes at least two outputs');
  if (kind === 'merge' && (inputs.length < 2 || outputs.length !== 1)) fail('INVALID_ARGUMENT', 'a merge takes at least two inputs and makes one output');

  const resolved = inputs.map((input) => {
    const source = sources.get(input.batchId);
    if (source === undefined) fail('NOT_FOUND', `input batch ${input.batchId}`);
    const { state, spec } = source;
    if (state.recallId !== null) fail('CONFLICT', `input batch ${input.batchId} was recalled (${state.recallId})`);
    if (state.inspection === 'failed') fail('CONFLICT', `input batch ${input.batchId} failed its latest inspection`);
    const available = state.quantity - state.consumed;
    if (input.quantity > available) fail('CONFLICT', `takes ${input.quantity} ${spec.unit} from batch ${input.batchId}, only ${available} left`);
    return { input, spec, state };
  });
  const first = resolved[0];
  if (first === undefined) fail('INVALID_ARGUMENT', 'a derivation needs an input');

  const taken = sum(inputs.map((i) => i.quantity));
  const produced = sum(outputs.map((o) => o.quantity));
  if (kind === 'split' || kind === 'merge') {
    for (const r of resolved) if (!sameProductAndUnit(r.spec, first.spec)) fail('INVALID_ARGUMENT', `${kind} inputs must be the same product in the same unit`);
    for (const o of outputs) {
      if (!sameProductAndUnit(o, first.spec)) fail('INVALID_ARGUMENT', `${kind} outputs must keep the product (${first.spec.product.name}) and unit (${first.spec.unit})`);
    }
    if (produced !== taken) fail('INVALID_ARGUMENT', `quantity not conserved: ${kind} takes ${taken} ${first.spec.unit} but the outputs add up to ${produced}`);
  } else {
    const inGrams = resolved.map((r) => toGrams(r.input.quantity, r.spec.unit));
    const outGrams = outputs.map((o) => toGrams(o.quantity, o.unit));
    if (inGrams.every((g) => g !== undefined) && outGrams.every((g) => g !== undefined)) {
      const inTotal = sum(inGrams as number[]);
      const outTotal = sum(outGrams as number[]);
      if (outTotal > inTotal) fail('INVALID_ARGUMENT', `quantity not conserved: processing makes ${outTotal} g out of ${inTotal} g`);
    }
  }

  const inherited: InspectionStatus = kind !== 'process' && resolved.every((r) => r.state.inspection === 'passed') ? 'passed' : 'none';
  return {
    inputs: resolved.map((r) => ({ ...r.state, consumed: r.state.consumed + r.input.quantity })),
    outputs: outputs.map((o) => initialBatchState(o.batchId, o.quantity, kind, inherited, [derivation.department])),
  };
}

/** Hard limit on the batches one recall may cover, so a transaction stays bounded. */
export const MAX_RECALL_CLOSURE = 5_000;

/**
 * Every batch reachable from `root` through `childrenOf` (root first, then breadth-first with children in
 * sorted order), each once even where merges make the graph a DAG. The graph is read through the callback, so
 * the contract (composite-key reads) and offline verifiers (records in memory) share this function.
 */
export async function derivationClosure(
  root: string,
  childrenOf: (batchId: string) => Promise<readonly string[]> | readonly string[],
  limit: number = MAX_RECALL_CLOSURE,
): Promise<string[]> {
  const seen = new Set<string>([root]);
  const order: string[] = [root];
  for (let i = 0; i < order.length; i++) {
    const children = [...(await childrenOf(order[i] as string))].sort();
    for (const child of children) {
      if (seen.has(child)) continue;
      seen.add(child);
      order.push(child);
      if (order.length > limit) fail('CONFLICT', `the derivation closure of ${root} exceeds ${limit} batches`);
    }
  }
  return order;
}
