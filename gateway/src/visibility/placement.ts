/**
 * The submit side of placement (issue 12): the chaincode decides where a record's content lives (chaincode
 * records/placement.ts, asked through `protected:placement`); this turns a write request into the form the chaincode
 * takes for protected content — the signed record as transient `content`, its hash-only form as the argument — so the
 * content never reaches a block. Requests for content that stays on the channel are returned unchanged. Used by every
 * path that submits records (the HTTP write routes, the fixture loader).
 */
import { familyOfType, hashOnlyForm, PLACED_FAMILIES, PROTECTED_CONTENT_FIELD, type Placement } from '@dtl/chaincode';
import { canonicalJson, utf8Decode, utf8Encode } from '@dtl/chaincode/crypto';
import type { Ledger, TransactionRequest } from '../ledger/ledger';

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

/** The request in the form the chaincode takes for the record's placement. */
export async function placedRequest(ledger: Ledger, request: TransactionRequest): Promise<TransactionRequest> {
  if (request.transient?.[PROTECTED_CONTENT_FIELD] !== undefined) return request;
  const record = recordArgument(request);
  if (record === undefined || !PLACED_FAMILIES.has(familyOfType(String(record.type)))) return request;
  let placement: Placement;
  try {
    placement = await placementOfRecord(ledger, request, String(record.department), String(record.type));
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
