/**
 * Verdict levels: what is actually known about a batch, replacing the single "genuine" (正品). Pure; the trace
 * contract computes it with the chain it shows, and the public page renders it in the reader's language.
 *
 * | level             | when                                                                                  |
 * |-------------------|---------------------------------------------------------------------------------------|
 * | unconfirmed       | not on the ledger, the label's check code does not match, or a record's signature fails |
 * | recalled          | the batch or a batch it was made from was recalled (reason, legal basis, advice)        |
 * | failed-inspection | its latest inspection failed and no passing re-inspection followed                      |
 * | inspected-passed  | its latest inspection passed — its own, or inherited through a split or merge of passed batches |
 * | not-inspected     | no inspection on record for this batch (processing makes a new product: it inherits none) |
 *
 * A derived batch inherits only what is true of it: a recall of any ancestor, and a pass only through a split or
 * merge (same product) whose inputs all passed; the inherited pass names the ancestor's inspection.
 */
import type { TraceVerdict } from './verdict';
import type { BatchState, InspectionDetails } from './types';

export const VERDICT_LEVELS = ['inspected-passed', 'not-inspected', 'failed-inspection', 'recalled', 'unconfirmed'] as const;
export type VerdictLevel = (typeof VERDICT_LEVELS)[number];

/** What the consumer should do about a recalled product (rendered by the page from this key). */
export const RECALL_ADVICE = 'stop-use-and-return' as const;

export interface DepartmentNames {
  readonly nameZh: string;
  readonly nameEn: string;
}

export interface InspectionFact {
  readonly recordId: string;
  /** The batch the inspection was recorded on (an ancestor when inherited). */
  readonly batchId: string;
  readonly inherited: boolean;
  readonly department: string;
  readonly departmentName?: DepartmentNames;
  readonly laboratory: string;
  readonly reportNumber: string;
  readonly result: 'pass' | 'fail';
  readonly occurredAt: string;
  readonly items?: readonly string[];
}

export interface RecallFact {
  readonly recordId: string;
  readonly batchId: string;
  readonly department: string;
  readonly departmentName?: DepartmentNames;
  readonly reason: string;
  readonly legalBasis: string;
  readonly advice: typeof RECALL_ADVICE;
}

export type UnconfirmedCause = 'not-found' | 'check-code' | 'signature';

export interface VerdictLevelExplained {
  readonly level: VerdictLevel;
  readonly inspection?: InspectionFact;
  readonly recall?: RecallFact;
  readonly cause?: UnconfirmedCause;
}

/** One record of the chain as the level needs it. */
export interface LevelChainRecord {
  readonly recordId: string;
  readonly department: string;
  readonly record: { readonly type: string; readonly batchId?: string; readonly kind?: string; readonly occurredAt?: string; readonly details?: unknown; readonly reason?: string; readonly legalBasis?: string };
}

export interface LevelInput {
  /** The base verdict (signatures, check code, recall, failed inspection) from traceVerdict. */
  readonly verdict: TraceVerdict;
  readonly batchId: string;
  /** Undefined when the batch is not on the ledger. */
  readonly state: BatchState | undefined;
  /** Ancestors' states, nearest first. */
  readonly ancestors: readonly BatchState[];
  readonly checkCodeMatches: boolean | undefined;
  readonly chain: readonly LevelChainRecord[];
  readonly names?: ReadonlyMap<string, DepartmentNames>;
}

function inspectionsOf(chain: readonly LevelChainRecord[], batchId: string): LevelChainRecord[] {
  return chain
    .filter((c) => c.record.type === 'trace.event' && c.record.kind === 'inspection' && c.record.batchId === batchId)
    // By event time (occurredAt carries its zone), not by its text.
    .sort((a, b) => Date.parse(String(a.record.occurredAt)) - Date.parse(String(b.record.occurredAt)) || a.recordId.localeCompare(b.recordId));
}

function factOf(entry: LevelChainRecord, inherited: boolean, names: ReadonlyMap<string, DepartmentNames> | undefined): InspectionFact {
  const details = entry.record.details as InspectionDetails;
  const name = names?.get(entry.department);
  return {
    recordId: entry.recordId,
    batchId: entry.record.batchId ?? '',
    inherited,
    department: entry.department,
    ...(name === undefined ? {} : { departmentName: name }),
    laboratory: details.laboratory,
    reportNumber: details.reportNumber,
    result: details.result,
    occurredAt: entry.record.occurredAt ?? '',
    ...(details.items === undefined ? {} : { items: details.items }),
  };
}

/** The latest passing inspection that the batch's pass rests on: its own, else (inherited) its nearest passed ancestor's. */
function passingInspection(input: LevelInput, state: BatchState): InspectionFact | undefined {
  const own = inspectionsOf(input.chain, state.batchId).at(-1);
  if (!state.inspectionInherited && own !== undefined) return factOf(own, false, input.names);
  for (const ancestor of input.ancestors) {
    if (ancestor.inspection !== 'passed') continue;
    const theirs = inspectionsOf(input.chain, ancestor.batchId).filter((c) => (c.record.details as InspectionDetails).result === 'pass').at(-1);
    if (theirs !== undefined) return factOf(theirs, true, input.names);
  }
  return undefined;
}

export function verdictLevel(input: LevelInput): VerdictLevelExplained {
  const { state } = input;
  if (state === undefined) return { level: 'unconfirmed', cause: 'not-found' };
  if (input.verdict === 'unknown') return { level: 'unconfirmed', cause: input.checkCodeMatches === false ? 'check-code' : 'signature' };
  if (input.verdict === 'recalled') {
    const recallId = [state, ...input.ancestors].find((s) => s.recallId !== null)?.recallId;
    const recall = input.chain.find((c) => c.recordId === recallId && c.record.type === 'trace.recall');
    if (recall === undefined) return { level: 'recalled' };
    const name = input.names?.get(recall.department);
    return {
      level: 'recalled',
      recall: {
        recordId: recall.recordId,
        batchId: recall.record.batchId ?? '',
        department: recall.department,
        ...(name === undefined ? {} : { departmentName: name }),
        reason: recall.record.reason ?? '',
        legalBasis: recall.record.legalBasis ?? '',
        advice: RECALL_ADVICE,
      },
    };
  }
  if (input.verdict === 'failed-inspection') {
    const failed = inspectionsOf(input.chain, state.batchId).at(-1);
    return failed === undefined ? { level: 'failed-inspection' } : { level: 'failed-inspection', inspection: factOf(failed, false, input.names) };
  }
  if (state.inspection === 'passed') {
    const inspection = passingInspection(input, state);
    return inspection === undefined ? { level: 'inspected-passed' } : { level: 'inspected-passed', inspection };
  }
  return { level: 'not-inspected' };
}
