/**
 * The embedded ledger: Fabric's execute-order-validate flow in one process on LevelDB.
 *
 *   submit  -> endorse (simulate through fabric-contract-api, read/write set) -> order (queue, cut by count, by
 *              time, or when no other endorsement is in flight) -> validate (MVCC, phantoms) -> commit (one
 *              synced LevelDB batch per block) -> resolve. A transaction whose endorsement fails never reaches
 *              the orderer; one that loses an MVCC race is recorded as invalid and rejected with its code.
 *   evaluate -> simulate, return the result, discard the read/write set.
 *
 * With a contracts module, simulations run on endorsement worker threads (endorsement-pool.ts), each against a
 * LevelDB snapshot of the last committed block; ordering, validation and the commit stay on this thread.
 */
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { protectedCollection } from '@dtl/chaincode';
import { LedgerError, parseChaincodeMessage } from '../errors';
import {
  PROVINCES,
  type BlockView,
  type ChaincodeEventView,
  type CommittedTransaction,
  type Ledger,
  type TransactionRequest,
  type TransactionView,
} from '../ledger';
import {
  computeDataHash,
  computeHeaderHash,
  computeMetadataHash,
  decodeBlock,
  verifyBlockSignature,
  type BlockSigner,
  type StoredBlock,
  type StoredTransaction,
} from './block';
import { prepareBlock, type EndorsedTransaction } from './committer';
import { EndorsementPool } from './endorsement-pool';
import { RecentWrites } from './recent-writes';
import { Endorser, type ProposalRequest, type Simulation } from './endorser';
import { loadOrCreateIdentities, memberFor, type IdentityDirectory } from './identities';
import { loadOrCreateLedgerKey } from './ledger-key';
import { LedgerStore, type RawCursor } from './store';

export const CHANNEL_ID = 'delta';
export const LEDGER_DB_DIR = 'ledger';

/** Default block-cutting timeout (EmbeddedLedgerOptions.batchTimeoutMs). */
export const DEFAULT_BATCH_TIMEOUT_MS = 2;

export interface EmbeddedLedgerOptions {
  /** Directory holding the LevelDB, the ledger's signing key and the dev organisation identities. */
  readonly dataDir: string;
  /** fabric-contract-api Contract classes (the `contracts` export of @dtl/chaincode). */
  readonly contracts: readonly unknown[];
  /**
   * The same contracts as a JavaScript module a worker thread can require (its `contractsExport`, default
   * `contracts`): with it, proposals are endorsed on `endorsementWorkers` worker threads in parallel
   * (endorsement-pool.ts); without it, on the main thread.
   */
  readonly contractsModule?: string;
  readonly contractsExport?: string;
  /** Endorsement worker threads (default DTL_ENDORSEMENT_WORKERS, else one per core; 0 endorses on the main thread). */
  readonly endorsementWorkers?: number;
  /** Block cutting: at most this many transactions per block (default 500). */
  readonly maxTransactionsPerBlock?: number;
  /**
   * Block cutting: at most this long between the first queued transaction and the cut (default 2 ms; 0 cuts at once).
   * Short, so endorsement of the next transactions overlaps the commit of this block: 20 ms held 64 in-flight
   * submissions in lock-step (verify, then commit) and gave ~1,500 rec/s where 2 ms gives ~2,200 (bench:ledger).
   */
  readonly batchTimeoutMs?: number;
  /** fsync each block batch before acknowledging (default true). Only benchmarks of the unsafe mode turn it off. */
  readonly syncWrites?: boolean;
  /** Seals (and opens) the block-signing key and the organisation identities at rest (secrets/sealed.ts). */
  readonly passphrase?: string | undefined;
}

interface Queued {
  readonly endorsed: EndorsedTransaction;
  /** performance.now() when it was queued for ordering. */
  readonly queuedAt: number;
  readonly contract: string;
  readonly resolve: (committed: CommittedTransaction) => void;
  readonly reject: (error: LedgerError) => void;
}

function isoTimestamp(timestamp: { seconds: number; nanos: number }): string {
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000)).toISOString();
}

function eventsOf(tx: StoredTransaction): ChaincodeEventView[] {
  if (!tx.event) return [];
  return [{ contract: tx.contract, name: tx.event.name, payload: Buffer.from(tx.event.payload, 'base64').toString('utf8') }];
}

export function toTransactionView(block: StoredBlock, index: number): TransactionView {
  const tx = block.transactions[index];
  if (!tx) throw new Error(`LEDGER_CORRUPT: block ${block.header.number} has no transaction ${index}`);
  return {
    txId: tx.txId,
    blockNumber: block.header.number,
    index,
    validationCode: block.validationCodes[index] ?? 'INVALID_OTHER_REASON',
    creatorMspId: tx.creatorMspId,
    timestamp: isoTimestamp(tx.timestamp),
    contract: tx.contract,
    transaction: tx.transaction,
    args: tx.args,
    events: eventsOf(tx),
  };
}

export function toBlockView(block: StoredBlock): BlockView {
  return {
    number: block.header.number,
    previousHash: block.header.previousHash,
    dataHash: block.header.dataHash,
    hash: block.hash,
    hashAlgorithm: 'sm3',
    timestamp: block.header.timestamp,
    transactions: block.transactions.map((_, index) => toTransactionView(block, index)),
    signature: { algorithm: block.signature.algorithm, signer: block.signature.signer, value: block.signature.value },
  };
}

/**
 * At open: every stored block decodes in its canonical encoding, sits at its number, links to its predecessor and
 * matches its own data, metadata and header hashes; the head block's SM2 signature verifies with the ledger key
 * (which, through the hash links, covers every block before it). A ledger that fails is refused with
 * `LEDGER_CORRUPT: block N …` naming the first bad block, instead of appending to a broken chain.
 * Returns the head block's hash ("" for an empty ledger). `dtl chain verify` does the full check (state, history).
 */
async function checkStoredBlocks(store: LedgerStore, height: number, ledgerPublicKey: Uint8Array): Promise<string> {
  let previousHash = '';
  for (let number = 0; number < height; number++) {
    const corrupt = (detail: string): never => {
      throw new Error(`LEDGER_CORRUPT: block ${number} ${detail}; refusing to open the ledger (run \`dtl chain verify\` for a full report)`);
    };
    const raw = await store.getBlockBytes(number);
    if (!raw) return corrupt(`is missing (height is ${height})`);
    let block: StoredBlock;
    try {
      block = decodeBlock(raw);
    } catch {
      return corrupt('is not readable');
    }
    if (JSON.stringify(block) !== raw.toString('utf8')) corrupt('is not in its canonical encoding');
    const header = block.header;
    if (typeof header !== 'object' || header === null || header.number !== number) corrupt('does not carry its own number');
    if (header.previousHash !== previousHash) corrupt(`does not link to the hash of block ${number - 1}`);
    try {
      if (computeDataHash(block.transactions) !== header.dataHash) corrupt('does not match its data hash');
      if (computeMetadataHash(block.validationCodes) !== header.metadataHash) corrupt('does not match its metadata hash');
      if (computeHeaderHash(header) !== block.hash) corrupt('does not match its header hash');
    } catch (error) {
      if ((error as Error).message.startsWith('LEDGER_CORRUPT')) throw error;
      corrupt(`is malformed: ${(error as Error).message}`);
    }
    if (number === height - 1 && !verifyBlockSignature(block, ledgerPublicKey)) corrupt('(the head) is not signed by this ledger\'s key');
    previousHash = block.hash;
  }
  return previousHash;
}

/** The public keys the valid transactions of a block wrote. */
function* validWrites(block: StoredBlock): Iterable<string> {
  for (const [index, tx] of block.transactions.entries()) {
    if (block.validationCodes[index] === 'VALID') for (const write of tx.rwset.writes) yield write.key;
  }
}

function endorsementWorkers(options: EmbeddedLedgerOptions): number {
  if (options.endorsementWorkers !== undefined) return options.endorsementWorkers;
  const configured = process.env.DTL_ENDORSEMENT_WORKERS;
  if (configured !== undefined && configured !== '') {
    const count = Number(configured);
    if (!Number.isInteger(count) || count < 0) throw new Error(`DTL_ENDORSEMENT_WORKERS: must be a whole number >= 0, got ${configured}`);
    return count;
  }
  return availableParallelism();
}

export class EmbeddedLedger implements Ledger {
  readonly kind = 'embedded' as const;
  private readonly queue: Queued[] = [];
  private endorsing = 0;
  private committing = false;
  private cutTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly emitter = new EventEmitter();
  private readonly recentBlocks = new Map<number, StoredBlock>();
  private readonly recentWrites = new RecentWrites();
  private readonly maxTransactions: number;
  private readonly batchTimeoutMs: number;
  private readonly sync: boolean;

  private constructor(
    private readonly store: LedgerStore,
    private readonly endorser: Endorser,
    private readonly pool: EndorsementPool | undefined,
    private readonly identities: IdentityDirectory,
    private readonly signer: BlockSigner,
    private nextNumber: number,
    private lastHash: string,
    options: EmbeddedLedgerOptions,
  ) {
    this.maxTransactions = options.maxTransactionsPerBlock ?? 500;
    this.batchTimeoutMs = options.batchTimeoutMs ?? DEFAULT_BATCH_TIMEOUT_MS;
    this.sync = options.syncWrites ?? true;
    this.emitter.setMaxListeners(0);
  }

  static async open(options: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
    const identities = loadOrCreateIdentities(options.dataDir, options.passphrase);
    const signer = loadOrCreateLedgerKey(options.dataDir, options.passphrase);
    const store = await LedgerStore.open(join(options.dataDir, LEDGER_DB_DIR));
    const height = await store.height();
    let lastHash: string;
    try {
      lastHash = await checkStoredBlocks(store, height, signer.publicKey);
    } catch (error) {
      await store.close();
      throw error;
    }
    const collections = new Set(PROVINCES.flatMap((province) => [`personal-${province}`, protectedCollection(province)]));
    const endorser = new Endorser({ store, channelId: CHANNEL_ID, collections, contracts: options.contracts });
    const workers = endorsementWorkers(options);
    let pool: EndorsementPool | undefined;
    if (options.contractsModule !== undefined && workers > 0) {
      try {
        pool = await EndorsementPool.start({
          store,
          height,
          workers,
          workerData: { contractsModule: options.contractsModule, contractsExport: options.contractsExport ?? 'contracts', channelId: CHANNEL_ID, collections: [...collections] },
        });
      } catch (error) {
        await store.close();
        throw new Error(`LEDGER_UNAVAILABLE: endorsement workers did not start: ${(error as Error).message}`, { cause: error });
      }
    }
    return new EmbeddedLedger(store, endorser, pool, identities, signer, height, lastHash, options);
  }

  /** Endorsement worker threads (0: proposals are simulated on the main thread). */
  endorsementThreads(): number {
    return this.pool?.size ?? 0;
  }

  /** The endorsement workers' Linux thread ids (empty without workers, or off Linux). */
  endorsementThreadIds(): number[] {
    return this.pool?.threadIds() ?? [];
  }

  /** The public key that signs this ledger's blocks: with the genesis hash, what a verifier pins (dtl trust export). */
  blockSigningKey(): Uint8Array {
    return this.signer.publicKey;
  }

  /** The organisations' dev identities (certificates) this ledger submits with. */
  identityDirectory(): IdentityDirectory {
    return this.identities;
  }

  private async endorse(request: TransactionRequest, kind: 'endorse' | 'evaluate'): Promise<Simulation> {
    if (this.closed) throw new LedgerError('unavailable', 'UNAVAILABLE', 'UNAVAILABLE: the ledger is closed');
    const member = memberFor(this.identities, request.identity);
    const proposal: ProposalRequest = {
      creator: { mspId: member.mspId, certificatePem: member.certificatePem },
      contract: request.contract,
      transaction: request.transaction,
      args: request.args,
      ...(request.transient === undefined ? {} : { transient: request.transient }),
    };
    let simulation: Simulation;
    if (this.pool === undefined) {
      // In process, reads see the committed state as they happen: every block below this height at least.
      const readHeight = this.nextNumber;
      simulation = { ...(await this.endorser.simulate(proposal)), readHeight };
    } else {
      try {
        simulation = await this.pool.simulate(proposal, kind === 'endorse');
      } catch (error) {
        throw new LedgerError(kind, 'UNAVAILABLE', `UNAVAILABLE: ${(error as Error).message}`, { cause: error });
      }
    }
    if (simulation.status >= 400) {
      const { code } = parseChaincodeMessage(simulation.message);
      throw new LedgerError(kind, code, simulation.message, { txId: simulation.txId });
    }
    return simulation;
  }

  async evaluate(request: TransactionRequest): Promise<Uint8Array> {
    const simulation = await this.endorse(request, 'evaluate');
    return new Uint8Array(simulation.payload);
  }

  async submit(request: TransactionRequest): Promise<CommittedTransaction> {
    this.endorsing++;
    let simulation: Simulation;
    try {
      simulation = await this.endorse(request, 'endorse');
    } finally {
      this.endorsing--;
    }
    const tx: StoredTransaction = {
      txId: simulation.txId,
      timestamp: simulation.timestamp,
      creatorMspId: memberFor(this.identities, request.identity).mspId,
      contract: request.contract,
      transaction: request.transaction,
      args: [...request.args],
      result: simulation.payload.toString('base64'),
      ...(simulation.event ? { event: { name: simulation.event.name, payload: simulation.event.payload.toString('base64') } } : {}),
      rwset: simulation.rwset,
    };
    return new Promise<CommittedTransaction>((resolve, reject) => {
      this.queue.push({ queuedAt: performance.now(), endorsed: { tx, privateWrites: simulation.privateWrites, ...(simulation.readHeight === undefined ? {} : { readHeight: simulation.readHeight }) }, contract: request.contract, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Cuts a block when it is full, when nothing else is being endorsed, or when the batch timeout has run since the
   * first transaction of the batch was queued (Fabric's BatchTimeout). Transactions that queued while the previous
   * block committed have usually waited that long already, so the next block is cut as soon as the commit ends.
   */
  private schedule(): void {
    if (this.committing || this.queue.length === 0) return;
    const waited = performance.now() - (this.queue[0] as Queued).queuedAt;
    if (this.queue.length >= this.maxTransactions || this.endorsing === 0 || waited >= this.batchTimeoutMs) {
      this.cutNow();
      return;
    }
    if (this.cutTimer === undefined) {
      this.cutTimer = setTimeout(() => {
        this.cutTimer = undefined;
        this.cutNow();
      }, this.batchTimeoutMs - waited);
    }
  }

  private cutNow(): void {
    if (this.cutTimer !== undefined) {
      clearTimeout(this.cutTimer);
      this.cutTimer = undefined;
    }
    if (this.committing || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxTransactions);
    this.committing = true;
    void this.commit(batch).finally(() => {
      this.committing = false;
      this.schedule();
      if (this.queue.length === 0) this.emitter.emit('drained');
    });
  }

  private async commit(batch: Queued[]): Promise<void> {
    let block: StoredBlock;
    try {
      const prepared = await prepareBlock(
        this.store,
        this.nextNumber,
        this.lastHash,
        batch.map((queued) => queued.endorsed),
        this.signer,
        this.recentWrites,
      );
      await this.store.commitBatch(prepared.operations, this.sync);
      this.recentWrites.record(prepared.block.header.number, validWrites(prepared.block));
      this.pool?.stateChanged(prepared.block.header.number + 1);
      block = prepared.block;
    } catch (error) {
      const failure = new LedgerError('commit', 'UNAVAILABLE', `UNAVAILABLE: block commit failed: ${(error as Error).message}`, {
        cause: error,
      });
      for (const queued of batch) queued.reject(failure);
      return;
    }
    this.nextNumber = block.header.number + 1;
    this.lastHash = block.hash;
    this.remember(block);
    batch.forEach((queued, index) => {
      const tx = block.transactions[index] as StoredTransaction;
      const code = block.validationCodes[index] ?? 'INVALID_OTHER_REASON';
      if (code !== 'VALID') {
        queued.reject(
          new LedgerError('commit', code, `${code}: transaction ${tx.txId} was invalidated in block ${block.header.number}`, {
            txId: tx.txId,
          }),
        );
        return;
      }
      queued.resolve({
        txId: tx.txId,
        blockNumber: block.header.number,
        blockHash: block.hash,
        validationCode: code,
        timestamp: isoTimestamp(tx.timestamp),
        result: Buffer.from(tx.result, 'base64'),
        events: eventsOf(tx),
      });
    });
    this.emitter.emit('block', block.header.number);
  }

  private remember(block: StoredBlock): void {
    this.recentBlocks.set(block.header.number, block);
    if (this.recentBlocks.size > 64) {
      const oldest = this.recentBlocks.keys().next().value;
      if (oldest !== undefined) this.recentBlocks.delete(oldest);
    }
  }

  private async storedBlock(number: number): Promise<StoredBlock | undefined> {
    if (!Number.isInteger(number) || number < 0 || number >= this.nextNumber) return undefined;
    const cached = this.recentBlocks.get(number);
    if (cached) return cached;
    const raw = await this.store.getBlockBytes(number);
    return raw ? decodeBlock(raw) : undefined;
  }

  async height(): Promise<number> {
    return this.nextNumber;
  }

  async block(number: number): Promise<BlockView | undefined> {
    const block = await this.storedBlock(number);
    return block ? toBlockView(block) : undefined;
  }

  async transaction(txId: string): Promise<TransactionView | undefined> {
    const location = await this.store.getTxLocation(txId);
    if (!location) return undefined;
    const block = await this.storedBlock(location.block);
    return block ? toTransactionView(block, location.tx) : undefined;
  }

  async *blocks(fromBlock: number, signal: AbortSignal): AsyncIterable<BlockView> {
    let next = Math.max(0, Math.floor(fromBlock));
    while (!signal.aborted) {
      if (next < this.nextNumber) {
        const block = await this.storedBlock(next);
        if (!block) return;
        yield toBlockView(block);
        next++;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.emitter.off('block', done);
          this.emitter.off('closed', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.emitter.on('block', done);
        this.emitter.on('closed', done);
        signal.addEventListener('abort', done);
      });
    }
  }

  /** A committed block exactly as stored (with its read/write sets): the feed a standby replays (`dtl standby`). */
  async storedBlockBytes(number: number): Promise<Buffer | undefined> {
    if (!Number.isInteger(number) || number < 0 || number >= this.nextNumber) return undefined;
    return this.store.getBlockBytes(number);
  }

  /** A consistent snapshot of every stored entry, read while blocks keep committing (`dtl backup`). */
  snapshotCursor(): RawCursor {
    if (this.closed) throw new LedgerError('unavailable', 'UNAVAILABLE', 'UNAVAILABLE: the ledger is closed');
    return this.store.snapshotCursor();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.committing || this.queue.length > 0 || this.endorsing > 0) {
      if (!this.committing) this.cutNow();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.emitter.emit('closed');
    await this.pool?.close();
    await this.store.close();
  }
}
