/**
 * The submit side of placement (issue 12): the chaincode decides where a record's content lives (chaincode
 * records/placement.ts, asked through `protected:placement`); this turns a write request into the form the chaincode
 * takes for protected content — the signed record as transient `content`, its hash-only form as the argument — so the
 * content never reaches a block. Requests for content that stays on the channel are returned unchanged. Used by every
 * path that submits records (the HTTP write routes, the fixture loader).
 *
 * The HTTP write routes ask through a PlacementCache: the answer for a department and record type is reused for a
 * short time (the 2 s the classifier and the directory keep catalogues and departments). A stale answer can cost a
 * refused endorsement but never misplace content: the chaincode decides again from the catalogue in the same
 * simulation and refuses a request in the wrong form (PRIVATE_DATA_REQUIRED / INVALID_ARGUMENT), and then
 * submitPlaced asks afresh and submits once more only if the fresh answer differs.
 */
import { familyOfType, hashOnlyForm, PLACED_FAMILIES, PROTECTED_CONTENT_FIELD, type Placement } from '@dtl/chaincode';
import { canonicalJson, utf8Decode, utf8Encode } from '@dtl/chaincode/crypto';
import type { CommittedTransaction, Ledger, TransactionRequest } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';

/** Where the chaincode would put a department's record of a type now (the ledger's answer, or a cached one). */
export type PlacementSource = (request: Pick<TransactionRequest, 'identity'>, department: string, type: string) => Promise<Placement>;

function recordArgument(request: TransactionRequest): Record<string, unknown> | undefined {
  const arg = request.args[0];
  if (request.args.length !== 1 || arg === undefined || !arg.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(arg) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    return typeof record.type === 'string' && typeof record.department === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Where the chaincode would put this department's record of `type` now. */
export async function placementOfRecord(ledger: Ledger, request: Pick<TransactionRequest, 'identity'>, department: string, type: string): Promise<Placement> {
  const bytes = await ledger.evaluate({ identity: request.identity, contract: 'protected', transaction: 'placement', args: [department, type] });
  return JSON.parse(utf8Decode(bytes)) as Placement;
}

export interface PlacedOptions {
  /** Where placements come from (default: ask the ledger each time). */
  readonly placements?: PlacementSource;
  /** The record args[0] holds, when the caller has it as an object already (saves parsing it back). */
  readonly record?: Record<string, unknown>;
}

/** The request in the form the chaincode takes for the record's placement. */
export async function placedRequest(ledger: Ledger, request: TransactionRequest, options: PlacedOptions = {}): Promise<TransactionRequest> {
  if (request.transient?.[PROTECTED_CONTENT_FIELD] !== undefined) return request;
  const record = options.record ?? recordArgument(request);
  if (record === undefined || !PLACED_FAMILIES.has(familyOfType(String(record.type)))) return request;
  const placementSource = options.placements ?? ((req, department, type) => placementOfRecord(ledger, req, department, type));
  let placement: Placement;
  try {
    placement = await placementSource(request, String(record.department), String(record.type));
  } catch {
    return request; // an unknown department etc.: the chaincode's own answer to the write says what is wrong
  }
  if (placement.where !== 'protected') return request;
  return {
    ...request,
    args: [canonicalJson(hashOnlyForm(record))],
    transient: { ...(request.transient ?? {}), [PROTECTED_CONTENT_FIELD]: utf8Encode(request.args[0] ?? '') },
  };
}

/** Placements per department and record type, reused for ttlMs; forget a department's after its catalogue changes. */
export class PlacementCache {
  private readonly answers = new Map<string, { at: number; placement: Promise<Placement> }>();

  constructor(
    private readonly ledger: Ledger,
    private readonly ttlMs = 2000,
  ) {}

  /** The cached answer when fresh, else the ledger's (a failed answer is not kept). */
  readonly placement: PlacementSource = (request, department, type) => {
    const key = `${department}\u0000${type}`;
    const cached = this.answers.get(key);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.placement;
    const placement = placementOfRecord(this.ledger, request, department, type);
    if (this.answers.size > 10_000) this.answers.clear();
    const entry = { at: Date.now(), placement };
    this.answers.set(key, entry);
    placement.catch(() => {
      if (this.answers.get(key) === entry) this.answers.delete(key);
    });
    return placement;
  };

  /** Forget every answer for a department (its catalogue changed). */
  invalidate(department: string): void {
    for (const key of this.answers.keys()) if (key.startsWith(`${department}\u0000`)) this.answers.delete(key);
  }
}

/** Did the chaincode refuse the request because its content was in the wrong form for the record's placement? */
function refusedForPlacement(error: unknown): boolean {
  if (!(error instanceof LedgerError)) return false;
  return error.code === 'PRIVATE_DATA_REQUIRED' || (error.code === 'INVALID_ARGUMENT' && error.message.includes(`transient "${PROTECTED_CONTENT_FIELD}" is only for protected content`));
}

/**
 * Submits a record's request placed through the cache. When the chaincode refuses it for its form, the placement is
 * asked afresh and, if it changed since the cached answer, the request is placed and submitted once more; otherwise
 * the refusal stands (it had another cause, e.g. personal data missing).
 */
export async function submitPlaced(ledger: Ledger, request: TransactionRequest, record: Record<string, unknown>, cache: PlacementCache): Promise<CommittedTransaction> {
  const placed = await placedRequest(ledger, request, { placements: cache.placement, record });
  try {
    return await ledger.submit(placed);
  } catch (error) {
    if (!refusedForPlacement(error) || typeof record.department !== 'string') throw error;
    cache.invalidate(record.department);
    const fresh = await placedRequest(ledger, request, { placements: cache.placement, record });
    if (sameForm(fresh, placed)) throw error;
    return ledger.submit(fresh);
  }
}

function sameForm(a: TransactionRequest, b: TransactionRequest): boolean {
  return a.args[0] === b.args[0] && (a.transient?.[PROTECTED_CONTENT_FIELD] === undefined) === (b.transient?.[PROTECTED_CONTENT_FIELD] === undefined);
}
