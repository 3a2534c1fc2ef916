/**
 * Applies the visibility policy (policy.ts, the one place it is decided) to what the gateway answers: records,
 * proofs, transactions, blocks and the access-record lists. Every route that returns ledger content calls one of
 * these with the caller (`viewerOf`) before it answers; content the caller may not see is replaced by its hash-only
 * form (hash-only.ts), never silently dropped, so block and transaction shapes stay the same.
 *
 * Other surfaces (the read model, pages, exports) take a `Visibility` and call `record` / `transaction` / `block`.
 *
 * Tests only: `testOnlyUnfilteredRoute` turns the filter off on ONE route, so the leak suite can prove it notices.
 */
import type { Department } from '@dtl/chaincode';
import { canonicalJson } from '@dtl/chaincode/crypto';
import type { BlockView, TransactionView } from '../ledger/ledger';
import type { Proof } from '../proof/types';
import type { Classifier } from './classify';
import { hashOnlyForm, isHashOnlyForm, type HashOnlyRecord } from './hash-only';
import { ANONYMOUS, formFor, type Form, type Viewer } from './policy';

export function viewerOf(department: Department | undefined): Viewer {
  return department === undefined ? ANONYMOUS : { kind: 'department', id: department.id, province: department.province, roles: department.roles };
}

/** A proof as answered: it says which form of the record it carries. A hash-only proof has no inclusion bytes. */
export type VisibleProof = (Proof & { readonly form: 'content' }) | (Omit<Proof, 'record' | 'inclusion'> & { readonly form: 'hash-only'; readonly record: HashOnlyRecord; readonly contentHash: string });

export interface VisibleRecord<T> {
  readonly form: Form;
  readonly record: T | HashOnlyRecord;
}

/** A record-shaped value: an object with a string type and id (what every write transaction takes as argument 0). */
function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const object = value as Record<string, unknown>;
  return typeof object.type === 'string' && typeof object.id === 'string' ? object : undefined;
}

function parseRecordArg(arg: string): Record<string, unknown> | undefined {
  if (!arg.startsWith('{')) return undefined;
  try {
    return asRecord(JSON.parse(arg));
  } catch {
    return undefined;
  }
}

export interface AccessStateLike {
  readonly owner?: unknown;
}

export class Visibility {
  constructor(
    private readonly classifier: Classifier,
    private readonly options: { readonly testOnlyUnfilteredRoute?: string } = {},
  ) {}

  /** False only on the route a test switched the filter off for. */
  private filters(route: string | undefined): boolean {
    return route === undefined || this.options.testOnlyUnfilteredRoute !== route;
  }

  invalidateCatalogue(owner: string): void {
    this.classifier.invalidate(owner);
  }

  async formOf(viewer: Viewer, record: Readonly<Record<string, unknown>>, options: { readonly guarded?: boolean; readonly route?: string } = {}): Promise<Form> {
    if (!this.filters(options.route)) return 'content';
    return formFor(viewer, await this.classifier.metaOf(record), options);
  }

  async record<T extends Readonly<Record<string, unknown>>>(viewer: Viewer, record: T, options: { readonly guarded?: boolean; readonly route?: string } = {}): Promise<VisibleRecord<T>> {
    const form = await this.formOf(viewer, record, options);
    return form === 'content' && !isHashOnlyForm(record) ? { form, record } : { form: 'hash-only', record: hashOnlyForm(record) };
  }

  async proof(viewer: Viewer, proof: Proof, options: { readonly guarded?: boolean; readonly route?: string } = {}): Promise<VisibleProof> {
    const form = await this.formOf(viewer, proof.record, options);
    // A record whose content is protected on the ledger (issue 12) and was not given back stays in its hash-only form.
    if (form === 'content' && !isHashOnlyForm(proof.record)) return { ...proof, form };
    const { inclusion: _inclusion, record, ...rest } = proof;
    const hashOnly = hashOnlyForm(record);
    return { ...rest, form: 'hash-only', record: hashOnly, contentHash: hashOnly.contentHash };
  }

  /** The transaction with every record argument the viewer may not read in its hash-only form (canonical JSON). */
  async transaction(viewer: Viewer, tx: TransactionView, route?: string): Promise<TransactionView> {
    if (!this.filters(route)) return tx;
    let changed = false;
    const args: string[] = [];
    for (const arg of tx.args) {
      const record = parseRecordArg(arg);
      if (record !== undefined && (await this.formOf(viewer, record)) === 'hash-only') {
        args.push(canonicalJson(hashOnlyForm(record)));
        changed = true;
      } else {
        args.push(arg);
      }
    }
    return changed ? { ...tx, args } : tx;
  }

  async block(viewer: Viewer, block: BlockView, route?: string): Promise<BlockView> {
    if (!this.filters(route)) return block;
    const transactions: TransactionView[] = [];
    for (const tx of block.transactions) transactions.push(await this.transaction(viewer, tx));
    return { ...block, transactions };
  }

  /** Access records (sharing.access states) the viewer may read: auditors all, a department those of its own data. */
  async accessStates<T extends AccessStateLike>(viewer: Viewer, states: readonly T[], route?: string): Promise<T[]> {
    if (!this.filters(route)) return [...states];
    return states.filter((state) => formFor(viewer, { type: 'sharing.access', owner: '', ownerProvince: undefined, classification: 'access-log', ...(typeof state.owner === 'string' ? { dataOwner: state.owner } : {}) }) === 'content');
  }
}
