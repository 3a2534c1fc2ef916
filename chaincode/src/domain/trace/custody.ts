/**
 * Who may write what about a batch (pure; the trace contract calls these before the event state machine):
 *
 * - registration: the producer named on the batch must be the registering department's own subject (its
 *   registered unified social credit code); a department with no subject of its own registers nothing
 *   (TRACE_PRODUCER_NOT_OWN);
 * - production, processing, shipment, sale, input use, transfer: only a custodian of the batch — the department
 *   that created it, or one it handed the batch to by a signed `transfer` event (TRACE_NOT_CUSTODIAN);
 * - inspection (检测): only a department holding an inspection role (an accredited laboratory or a regulator)
 *   (TRACE_INSPECTOR_REQUIRED), and never a custodian of the batch, so a producer cannot clear its own batch
 *   (TRACE_SELF_INSPECTION);
 * - derivation: every input must be held by the deriving department (TRACE_NOT_CUSTODIAN); a split or merge
 *   keeps the inputs' producer, a processing names the deriving department's own subject (TRACE_PRODUCER_NOT_OWN).
 */
import { fail } from '../../errors';
import type { Department, Role } from '../department/types';
import type { BatchSpec, BatchState, TraceDerivationRecord, TraceEventKind } from './types';

/** Roles that may sign an inspection event. */
export const INSPECTION_ROLES: readonly Role[] = ['laboratory', 'regulator'];

type Actor = Pick<Department, 'id' | 'roles' | 'creditCode'>;

/** TRACE_PRODUCER_NOT_OWN unless `producer` is the department's own registered subject. */
export function assertOwnProducer(department: Actor, spec: Pick<BatchSpec, 'batchId' | 'producer'>): void {
  if (department.creditCode === undefined) {
    fail('TRACE_PRODUCER_NOT_OWN', `department ${department.id} has no registered subject (creditCode) and may not register batch ${spec.batchId} for a producer`);
  }
  if (spec.producer.creditCode !== department.creditCode) {
    fail('TRACE_PRODUCER_NOT_OWN', `batch ${spec.batchId} names producer ${spec.producer.creditCode}, not department ${department.id}'s own subject ${department.creditCode}`);
  }
}

/** Checks that `department` may append an event of `kind` to the batch in `state`. */
export function assertMayRecordEvent(department: Actor, state: Pick<BatchState, 'batchId' | 'custodians'>, kind: TraceEventKind): void {
  const custodian = state.custodians.includes(department.id);
  if (kind === 'inspection') {
    if (!department.roles.some((role) => INSPECTION_ROLES.includes(role))) {
      fail('TRACE_INSPECTOR_REQUIRED', `department ${department.id} holds no inspection role (${INSPECTION_ROLES.join(', ')}) and may not record an inspection of batch ${state.batchId}`);
    }
    if (custodian) fail('TRACE_SELF_INSPECTION', `department ${department.id} holds batch ${state.batchId} and may not inspect it`);
    return;
  }
  if (!custodian) {
    fail('TRACE_NOT_CUSTODIAN', `department ${department.id} does not hold batch ${state.batchId} (held by ${state.custodians.join(', ') || 'nobody'}); ${kind} refused`);
  }
}

/** Checks that `department` may make `derivation` out of the inputs whose states and specs are given. */
export function assertMayDerive(
  department: Actor,
  derivation: Pick<TraceDerivationRecord, 'kind' | 'outputs'>,
  inputs: readonly { readonly spec: BatchSpec; readonly state: BatchState }[],
): void {
  for (const input of inputs) {
    if (!input.state.custodians.includes(department.id)) {
      fail('TRACE_NOT_CUSTODIAN', `department ${department.id} does not hold input batch ${input.state.batchId}; ${derivation.kind} refused`);
    }
  }
  for (const output of derivation.outputs) {
    if (derivation.kind === 'process') {
      assertOwnProducer(department, output);
      continue;
    }
    const foreign = inputs.find((input) => input.spec.producer.creditCode !== output.producer.creditCode);
    if (foreign !== undefined) {
      fail('TRACE_PRODUCER_NOT_OWN', `${derivation.kind} output ${output.batchId} names producer ${output.producer.creditCode}, but input ${foreign.spec.batchId} was produced by ${foreign.spec.producer.creditCode}`);
    }
  }
}
