/** The sharing audit's pure model: access records, their outcome, the province matrix, CSV. No DOM here. */
import { PROVINCES, toCsv, type Province } from '../util';

export type Outcome = 'granted' | 'no-grant' | 'refused';

/** What decides an access record's outcome: the sharing contract's decision and reason, as its receipt says. */
export interface AccessDecision {
  readonly allowed: boolean;
  readonly reason?: string | undefined;
}

export interface AccessRecord {
  resourceId: string;
  basis: string;
  reason: string | undefined;
  id: string;
  txId: string | undefined;
  at: string;
  readerDepartment: string;
  readerProvince: Province | undefined;
  ownerDepartment: string;
  ownerProvince: Province | undefined;
  family: string;
  purpose: string;
  grantId: string | undefined;
  outcome: Outcome;
}

/** Outcome of one access: allowed; refused for want of a valid grant; refused for another reason (not shared …). */
export function outcomeOf(entry: AccessDecision): Outcome {
  if (entry.allowed) return 'granted';
  return entry.reason === undefined || entry.reason === 'no-grant' || entry.reason.startsWith('grant-') ? 'no-grant' : 'refused';
}

export type Matrix = Record<Province, Record<Province, { total: number; flagged: number }>>;

export function matrixOf(records: readonly AccessRecord[]): Matrix {
  const matrix = {} as Matrix;
  for (const reader of PROVINCES) {
    matrix[reader] = {} as Matrix[Province];
    for (const owner of PROVINCES) matrix[reader][owner] = { total: 0, flagged: 0 };
  }
  for (const r of records) {
    if (!r.readerProvince || !r.ownerProvince || !matrix[r.readerProvince]?.[r.ownerProvince]) continue;
    const cell = matrix[r.readerProvince][r.ownerProvince];
    cell.total += 1;
    if (r.outcome !== 'granted') cell.flagged += 1;
  }
  return matrix;
}

export function accessCsv(records: readonly AccessRecord[]): string {
  return toCsv(
    ['time', 'readerProvince', 'readerDepartment', 'ownerProvince', 'ownerDepartment', 'family', 'resourceId', 'purpose', 'grantId', 'outcome', 'basis', 'reason', 'txId', 'accessId'],
    records.map((r) => [r.at, r.readerProvince, r.readerDepartment, r.ownerProvince, r.ownerDepartment, r.family, r.resourceId, r.purpose, r.grantId, r.outcome, r.basis, r.reason, r.txId, r.id]),
  );
}
