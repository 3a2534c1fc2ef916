/**
 * The product's own writes for bench:ledger, signed and placed exactly as the fixture loader writes them (each
 * department's dev key; conditional and not-shared content as transient data with its hash-only form on the
 * channel): in turn a credit entry, a licence issue, a trace batch registration and a trace event. Each record is
 * new (its own id, licence number or batch id) and about its own subject (a credit code in the fixture company's
 * area, so jurisdiction holds: a licence decision reads its holder's credit entries, so two records about one subject
 * in one block would conflict, as they should); events go round a pool of batches registered before the timed section,
 * far enough apart that two events on one batch are never in flight together. So the figure is committed records,
 * not retries.
 */
import { creditCodeCheckCharacter } from '@dtl/chaincode';
import { CREDIT_ENTRIES, LICENCE_ISSUES, guapianRegistration, signedTransaction, type FixtureRecord, type FixtureTransaction } from '@dtl/fixtures';

/** Batches the trace events go round (registered by `eventBatchRegistrations`). */
export const EVENT_BATCHES = 2048;

const ORGANISATION_ENTRIES = CREDIT_ENTRIES.flatMap((entry) => (entry.subject.kind === 'organisation' ? [{ ...entry, subject: entry.subject }] : []));

function write(contract: string, transaction: string, record: FixtureRecord): FixtureTransaction {
  return signedTransaction(contract, transaction, record);
}
const COOPERATIVE = 'ah-la-jz-coop-guapian';

/** A valid credit code in the same area and category as `base`, its organisation part numbered by `sequence`. */
export function subjectCode(base: string, sequence: number): string {
  const first17 = `${base.slice(0, 8)}${String(sequence).padStart(9, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17) ?? ''}`;
}

export function eventBatchId(run: string, index: number): string {
  return `LA-GP-BENCH-${run}-E${index % EVENT_BATCHES}`;
}

/** The registrations of the batches the events of `run` go round. */
export function eventBatchRegistrations(run: string): FixtureTransaction[] {
  return Array.from({ length: EVENT_BATCHES }, (_, index) =>
    signedTransaction('trace', 'registerBatch', guapianRegistration(`trace-reg-bench-${run}-e${index}`, eventBatchId(run, index))),
  );
}

/** The `sequence`th write of the mix in `run` (a short id unique per run). */
export function productWrite(run: string, sequence: number): FixtureTransaction {
  const round = Math.floor(sequence / 4);
  const tag = `b${run}-${sequence}`;
  switch (sequence % 4) {
    case 0: {
      const base = ORGANISATION_ENTRIES[round % ORGANISATION_ENTRIES.length] as (typeof ORGANISATION_ENTRIES)[number];
      return write('credit', 'addEntry', { ...base, id: `${base.id}-${tag}`, subject: { ...base.subject, creditCode: subjectCode(base.subject.creditCode, sequence) } });
    }
    case 1: {
      const base = LICENCE_ISSUES[round % LICENCE_ISSUES.length] as FixtureRecord;
      const holder = base.holder as { readonly creditCode: string };
      return write('licence', 'issue', { ...base, id: `${base.id}-${tag}`, number: `B${run}-${sequence}`, holder: { ...holder, creditCode: subjectCode(holder.creditCode, sequence) } });
    }
    case 2:
      return signedTransaction('trace', 'registerBatch', guapianRegistration(`trace-reg-${tag}`, `LA-GP-BENCH-${run}-R${sequence}`));
    default:
      return write('trace', 'recordEvent', {
        type: 'trace.event',
        id: `trace-ev-${tag}`,
        department: COOPERATIVE,
        batchId: eventBatchId(run, round),
        kind: 'input-use',
        occurredAt: '2025-03-01T09:00:00+08:00',
        details: { category: 'fertiliser', name: '腐熟农家肥', dose: '1500 kg/亩' },
      });
  }
}
