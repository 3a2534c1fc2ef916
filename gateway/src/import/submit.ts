/**
 * Submits built rows: each good row is one record, signed by the department (in the browser, sent signed; or by the
 * gateway's e-seal key), submitted to its contract like any write. Every row's outcome is reported; a refusal of one
 * row never stops the others, and a bad row is never submitted.
 */
import type { Department } from '@dtl/chaincode';
import { utf8Decode, type JsonValue } from '@dtl/chaincode/crypto';
import type { Keystore } from '../keystore/keystore';
import type { Ledger } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';
import { WRITE_TARGETS } from '../http/capabilities';
import { toApiError } from '../http/errors';
import { refusalOf } from '../http/refusal';

type Obj = { [key: string]: JsonValue };

/** The department the rows are submitted for (the signed-in principal). */
export type Signer = Pick<Department, 'id' | 'province'>;

export interface RowResult {
  readonly row: number;
  readonly status: 'committed' | 'refused' | 'invalid';
  readonly id?: string;
  readonly txId?: string;
  readonly blockNumber?: number;
  readonly code?: string;
  readonly message?: string;
}

export interface RowToSubmit {
  readonly row: number;
  readonly record: Obj;
}

export interface SubmitDeps {
  readonly ledger: Ledger;
  readonly keystore: Keystore;
}

/** Submits one record as `department` (signing it with the e-seal key when it carries no signature). */
async function submitOne(deps: SubmitDeps, department: Signer, item: RowToSubmit): Promise<RowResult> {
  const id = typeof item.record.id === 'string' ? item.record.id : undefined;
  const base = { row: item.row, ...(id === undefined ? {} : { id }) };
  const type = String(item.record.type);
  const target = WRITE_TARGETS[type];
  if (target === undefined || target.identity === 'admin') return { ...base, status: 'invalid', code: 'INVALID_ARGUMENT', message: `type: ${type} cannot be imported` };
  if (item.record.department !== department.id) return { ...base, status: 'invalid', code: 'NOT_AUTHORISED', message: `department: is ${String(item.record.department)} but the caller is ${department.id}` };
  try {
    let record: object = item.record;
    if (item.record.signature === undefined) {
      if (!deps.keystore.keyFor(department.id)) return { ...base, status: 'invalid', code: 'NO_ESEAL_KEY', message: `the gateway holds no signing key for ${department.id}; sign the rows in the browser` };
      record = await deps.keystore.sign(department.id, item.record);
    }
    const committed = await deps.ledger.submit({ identity: { province: department.province, role: 'client' }, contract: target.contract, transaction: target.transaction, args: [JSON.stringify(record)] });
    const receipt = JSON.parse(utf8Decode(committed.result)) as Record<string, unknown>;
    const refusal = refusalOf(receipt);
    if (refusal !== undefined) return { ...base, status: 'refused', code: refusal.code, message: refusal.reason, txId: committed.txId };
    return { ...base, status: 'committed', txId: committed.txId, blockNumber: committed.blockNumber };
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    const api = toApiError(error);
    if (api.status >= 500) throw error;
    return { ...base, status: 'refused', code: api.code, message: api.message };
  }
}

/** Submits every row with `concurrency` in flight; `onProgress` after each. Results in row order. */
export async function submitRows(deps: SubmitDeps, department: Signer, rows: readonly RowToSubmit[], concurrency = 32, onProgress?: (done: number) => void): Promise<RowResult[]> {
  const results: RowResult[] = new Array<RowResult>(rows.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < rows.length) {
      const index = next++;
      results[index] = await submitOne(deps, department, rows[index] as RowToSubmit);
      onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, rows.length)) }, worker));
  return results;
}
