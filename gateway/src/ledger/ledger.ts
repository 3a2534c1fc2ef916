/**
 * The Ledger port: the one interface the gateway, the CLI, the explorer feed and the conformance suite
 * speak to. Two adapters implement it: embedded (in-process, LevelDB) and fabric (@hyperledger/fabric-gateway).
 */

import type { Province } from '@dtl/chaincode';

// The provinces and their MSP ids are the chaincode's (one source of truth for both ledgers).
export { PROVINCES, PROVINCE_MSP, type Province } from '@dtl/chaincode';

/**
 * Which Fabric identity a transaction is submitted with. Departments do not hold Fabric identities: they sign
 * their records with SM2, and the gateway submits through their province's organisation. `admin` is the
 * organisation's admin (NodeOU "admin"), used only to bootstrap the department registry.
 */
export interface LedgerIdentity {
  readonly province: Province;
  readonly role: 'client' | 'admin';
}

export interface TransactionRequest {
  readonly identity: LedgerIdentity;
  /** Contract name as registered with fabric-contract-api, e.g. "credit". */
  readonly contract: string;
  /** Transaction function name, e.g. "addEntry". */
  readonly transaction: string;
  readonly args: readonly string[];
  /** Transient data (never written to the ledger; used for private data such as citizen ID numbers). */
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  /**
   * Where the content is (issue 12). Evaluate: at a peer of this province's organisation (Fabric: the proposal's
   * endorsing organisation) — reads of a province's protected collection, which only its own peers hold. Submit:
   * endorsed by a majority that includes this province's peer — a guarded read's access record is endorsed by the
   * owning province. The embedded ledger (one peer holding every collection) ignores it.
   */
  readonly atProvince?: Province;
}

/** Fabric's transaction validation codes that this product distinguishes (names as in peer.TxValidationCode). */
export type ValidationCode =
  | 'VALID'
  | 'MVCC_READ_CONFLICT'
  | 'PHANTOM_READ_CONFLICT'
  | 'ENDORSEMENT_POLICY_FAILURE'
  | 'DUPLICATE_TXID'
  | 'INVALID_OTHER_REASON';

export interface ChaincodeEventView {
  readonly contract: string;
  readonly name: string;
  /** UTF-8 text of the event payload (the chaincode emits canonical JSON). */
  readonly payload: string;
}

export interface TransactionView {
  readonly txId: string;
  readonly blockNumber: number;
  /** Position of the transaction inside its block. */
  readonly index: number;
  readonly validationCode: ValidationCode;
  readonly creatorMspId: string;
  /** ISO-8601 transaction timestamp (from the proposal, as getTxTimestamp() returns it). */
  readonly timestamp: string;
  readonly contract: string;
  readonly transaction: string;
  readonly args: readonly string[];
  readonly events: readonly ChaincodeEventView[];
}

export interface BlockHeaderView {
  readonly number: number;
  /** Hex hash of the previous block's header ("" for block 0). */
  readonly previousHash: string;
  /** Hex hash over the block's transactions. */
  readonly dataHash: string;
  /** Hex hash of this block's header; the next block's previousHash. */
  readonly hash: string;
  /** How `hash` and `dataHash` are computed: "sm3" on the embedded ledger, "sha256" on Fabric. */
  readonly hashAlgorithm: 'sm3' | 'sha256';
}

export interface BlockView extends BlockHeaderView {
  readonly timestamp: string;
  readonly transactions: readonly TransactionView[];
  /** Signature of the block by the ledger (embedded: SM2 over the header hash) or orderer, when available. */
  readonly signature?: { readonly algorithm: string; readonly signer: string; readonly value: string };
}

export interface CommittedTransaction {
  readonly txId: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly validationCode: ValidationCode;
  readonly timestamp: string;
  /** The transaction function's return value (UTF-8 JSON for this product's contracts). */
  readonly result: Uint8Array;
  readonly events: readonly ChaincodeEventView[];
}

export interface Ledger {
  readonly kind: 'embedded' | 'fabric';
  /** Endorse, order and commit; resolves when committed. Rejects with LedgerError (see errors.ts). */
  submit(request: TransactionRequest): Promise<CommittedTransaction>;
  /** Run a read-only transaction against current state; nothing is ordered or written. */
  evaluate(request: TransactionRequest): Promise<Uint8Array>;
  /** Number of blocks in the chain. */
  height(): Promise<number>;
  block(number: number): Promise<BlockView | undefined>;
  transaction(txId: string): Promise<TransactionView | undefined>;
  /**
   * Committed blocks from `fromBlock` on, in order, following new blocks until `signal` aborts. A reader that
   * checkpoints the last block it processed resumes with `fromBlock = checkpoint + 1`.
   */
  blocks(fromBlock: number, signal: AbortSignal): AsyncIterable<BlockView>;
  close(): Promise<void>;
}
