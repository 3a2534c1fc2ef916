/**
 * The Fabric adapter of the Ledger port, on @hyperledger/fabric-gateway: one shared gRPC connection per peer
 * endpoint (never one per request), a Gateway per (province, role) identity over its province's peer, commit
 * status awaited, block and transaction views read from the peers' ledger (qscc) and from block events.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { checkpointers, connect, type Contract, type Gateway, type Network, type Transaction } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { LedgerError } from '../errors';
import {
  PROVINCES,
  type BlockView,
  type CommittedTransaction,
  type Ledger,
  type LedgerIdentity,
  type Province,
  type TransactionRequest,
  type TransactionView,
} from '../ledger';
import { BlockFeed } from './block-feed';
import type { FabricProofInclusion } from '../../proof/types';
import { fabricInclusion, parseBlock, validationCodeName } from './block-parser';
import { fabricTrustFromGenesis } from '../../trust/export-fabric';
import type { TrustBundle } from '../../trust/bundle';
import { toLedgerError } from './fabric-errors';
import { signingSetup } from './native-signer';
import { DEFAULT_PROFILE_PATH, loadConnectionProfile, type ConnectionProfile } from './profile';

export interface FabricTimeouts {
  readonly evaluateMs: number;
  readonly endorseMs: number;
  readonly submitMs: number;
  readonly commitStatusMs: number;
}

export interface FabricLedgerOptions {
  /** The connection profile, or the path of one (default network-config/.run/connection.json). */
  readonly profile?: ConnectionProfile;
  readonly profilePath?: string;
  /** Chaincode name; defaults to the profile's (dtl). The conformance suite uses the probe chaincode. */
  readonly chaincode?: string;
  /** Province whose client identity reads blocks (qscc, block events); default shanghai. */
  readonly readerProvince?: Province;
  readonly timeouts?: Partial<FabricTimeouts>;
}

const DEFAULT_TIMEOUTS: FabricTimeouts = { evaluateMs: 15_000, endorseMs: 30_000, submitMs: 15_000, commitStatusMs: 60_000 };

/** Orgs that endorse a transaction carrying transient data, when the gateway asks the client to name them. */
function majorityWith(province: Province, mspOf: (p: Province) => string): string[] {
  const start = PROVINCES.indexOf(province);
  const needed = Math.floor(PROVINCES.length / 2) + 1;
  return Array.from({ length: needed }, (_, i) => mspOf(PROVINCES[(start + i) % PROVINCES.length] as Province));
}

/** Service discovery has not (yet, or again) seen enough organisations' peers: transient after a peer (re)starts. */
const NO_PEER_COMBINATION = /no combination of peers can be derived|no peer combination can satisfy/i;
/** How long endorse and evaluate are retried while their peer is unreachable or its discovery is incomplete. */
const TRANSIENT_RETRY_MS = 15_000;

/**
 * Endorsing peers answered differently: typically one of them has not yet committed the block the previous
 * transaction went into (peers commit a block at slightly different moments), so it simulated on older state.
 */
const PAYLOADS_DIFFER = /ProposalResponsePayloads do not match/;

function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const details = (error as { details?: unknown }).details;
  if (!Array.isArray(details)) return false;
  const messages = [error.message, ...details.map((d: { message?: unknown }) => String(d.message ?? ''))];
  if (messages.some((m) => NO_PEER_COMBINATION.test(m) || PAYLOADS_DIFFER.test(m))) return true;
  return (error as { code?: unknown }).code === grpc.status.UNAVAILABLE;
}

/**
 * Runs an endorsement or an evaluation (neither changes anything, so repeating one is safe), retrying with backoff
 * while its peer is unreachable (restarting), cannot yet plan the endorsement policy, or the endorsers disagree
 * because one lags a block behind. Submits are never retried.
 */
async function retryTransient<T>(operation: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TRANSIENT_RETRY_MS;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const NOT_FOUND = /not found|no such (?:block|transaction)|could not find|does not exist/i;
const TRUSTED_ENDORSERS = /specifying trusted endorsing organizations|not in the distribution policy/i;

export class FabricLedger implements Ledger {
  readonly kind = 'fabric' as const;
  readonly channel: string;
  readonly chaincode: string;
  private readonly profile: ConnectionProfile;
  private readonly timeouts: FabricTimeouts;
  private readonly reader: LedgerIdentity;
  /** One gRPC client per peer endpoint, shared by every identity that talks to that peer. */
  private readonly clients = new Map<string, grpc.Client>();
  private readonly gateways = new Map<string, Gateway>();
  private readonly feed: BlockFeed;
  private closed = false;

  constructor(profile: ConnectionProfile, options: FabricLedgerOptions = {}) {
    this.profile = profile;
    this.channel = profile.channel;
    this.chaincode = options.chaincode ?? profile.chaincode;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.reader = { province: options.readerProvince ?? 'shanghai', role: 'client' };
    this.feed = new BlockFeed({
      open: async (startBlock) => this.network(this.reader).getBlockEvents({ startBlock }),
      parse: (bytes) => parseBlock(bytes, this.chaincode),
      // No retry here: when the reader's peer is down, submits fall back to their own peer at once.
      height: () => this.chainHeight(false),
    });
  }

  private client(province: Province): grpc.Client {
    const peer = this.profile.provinces[province].peer;
    let client = this.clients.get(peer.endpoint);
    if (!client) {
      const credentials = grpc.credentials.createSsl(readFileSync(peer.tlsCaCertPath));
      client = new grpc.Client(peer.endpoint, credentials, {
        'grpc.keepalive_time_ms': 120_000,
        'grpc.max_receive_message_length': 100 * 1024 * 1024,
        // Reconnect quickly to a restarted peer (grpc-js backs off up to 120 s by default).
        'grpc.initial_reconnect_backoff_ms': 250,
        'grpc.max_reconnect_backoff_ms': 2_000,
        // TLS server name = the peer's host name in its certificate (SNI may not be an IP address).
        ...(peer.hostAlias ? { 'grpc.ssl_target_name_override': peer.hostAlias, 'grpc.default_authority': peer.hostAlias } : {}),
      });
      this.clients.set(peer.endpoint, client);
    }
    return client;
  }

  /** The Gateway of an identity: its province's peer, its org's client or admin certificate and key. */
  gateway(identity: LedgerIdentity): Gateway {
    if (this.closed) throw new LedgerError('unavailable', 'CLOSED', 'the Fabric ledger is closed');
    const key = `${identity.province}/${identity.role}`;
    let gateway = this.gateways.get(key);
    if (!gateway) {
      const org = this.profile.provinces[identity.province];
      if (!org) throw new LedgerError('unavailable', 'UNKNOWN_PROVINCE', `no connection for province ${String(identity.province)}`);
      const credential = identity.role === 'admin' ? org.admin : org.client;
      const privateKey = createPrivateKey(readFileSync(credential.keyPath));
      const deadline = (ms: number) => (): grpc.CallOptions => ({ deadline: Date.now() + ms });
      gateway = connect({
        client: this.client(identity.province),
        identity: { mspId: org.mspId, credentials: readFileSync(credential.certPath) },
        ...signingSetup(privateKey),
        evaluateOptions: deadline(this.timeouts.evaluateMs),
        endorseOptions: deadline(this.timeouts.endorseMs),
        submitOptions: deadline(this.timeouts.submitMs),
        commitStatusOptions: deadline(this.timeouts.commitStatusMs),
      });
      this.gateways.set(key, gateway);
    }
    return gateway;
  }

  /** Number of gRPC connections open: one per peer endpoint in use, however many identities and requests. */
  get connectionCount(): number {
    return this.clients.size;
  }

  private network(identity: LedgerIdentity): Network {
    return this.gateway(identity).getNetwork(this.channel);
  }

  private contract(identity: LedgerIdentity, contractName: string): Contract {
    return this.network(identity).getContract(this.chaincode, contractName === '' ? undefined : contractName);
  }

  private mspOf = (province: Province): string => this.profile.provinces[province].mspId;

  async submit(request: TransactionRequest): Promise<CommittedTransaction> {
    const contract = this.contract(request.identity, request.contract);
    const proposalOptions = {
      arguments: [...request.args],
      ...(request.transient ? { transientData: { ...request.transient } } : {}),
      ...(request.atProvince ? { endorsingOrganizations: majorityWith(request.atProvince, this.mspOf) } : {}),
    };
    let proposal = contract.newProposal(request.transaction, proposalOptions);
    let transaction: Transaction;
    try {
      transaction = await retryTransient(() => proposal.endorse());
    } catch (error) {
      // The gateway will not pick endorsers outside a private data collection on its own when transient data would
      // reach them: name a majority that includes the submitting province (see network-config/README.md).
      if (!request.transient || !(error instanceof Error) || !TRUSTED_ENDORSERS.test(`${error.message} ${JSON.stringify((error as { details?: unknown }).details ?? '')}`)) {
        throw toLedgerError('endorse', error, proposal.getTransactionId());
      }
      proposal = contract.newProposal(request.transaction, {
        ...proposalOptions,
        endorsingOrganizations: majorityWith(request.identity.province, this.mspOf),
      });
      try {
        transaction = await retryTransient(() => proposal.endorse());
      } catch (retryError) {
        throw toLedgerError('endorse', retryError, proposal.getTransactionId());
      }
    }
    const txId = transaction.getTransactionId();
    let submitted;
    try {
      submitted = await transaction.submit();
    } catch (error) {
      throw toLedgerError('submit', error, txId);
    }
    let status;
    try {
      status = await submitted.getStatus();
    } catch (error) {
      throw toLedgerError('commit', error, txId);
    }
    const blockNumber = Number(status.blockNumber);
    if (!status.successful) {
      const code = validationCodeName(status.code);
      throw new LedgerError('commit', code, `${code}: transaction ${txId} was recorded invalid in block ${blockNumber}`, { txId });
    }
    const block = await this.committedBlock(blockNumber, request.identity);
    const view = block.transactions.find((tx) => tx.txId === txId);
    if (!view) throw new LedgerError('commit', 'BLOCK_MISMATCH', `transaction ${txId} is not in block ${blockNumber}`, { txId });
    return {
      txId,
      blockNumber,
      blockHash: block.hash,
      validationCode: view.validationCode,
      timestamp: view.timestamp,
      result: submitted.getResult(),
      events: view.events,
    };
  }

  async evaluate(request: TransactionRequest): Promise<Uint8Array> {
    const contract = this.contract(request.identity, request.contract);
    const proposal = contract.newProposal(request.transaction, {
      arguments: [...request.args],
      ...(request.transient ? { transientData: { ...request.transient } } : {}),
      ...(request.atProvince ? { endorsingOrganizations: [this.mspOf(request.atProvince)] } : {}),
    });
    try {
      return await retryTransient(() => proposal.evaluate());
    } catch (error) {
      throw toLedgerError('evaluate', error, proposal.getTransactionId());
    }
  }

  private async qscc(fn: string, args: string[], identity: LedgerIdentity = this.reader, retry = true): Promise<Uint8Array> {
    const qscc = this.network(identity).getContract('qscc');
    const call = (): Promise<Uint8Array> => qscc.evaluateTransaction(fn, this.channel, ...args);
    try {
      return await (retry ? retryTransient(call) : call());
    } catch (error) {
      throw toLedgerError('evaluate', error);
    }
  }

  private async chainHeight(retry: boolean): Promise<number> {
    const info = common.BlockchainInfo.deserializeBinary(await this.qscc('GetChainInfo', [], this.reader, retry));
    return info.getHeight();
  }

  async height(): Promise<number> {
    return this.chainHeight(true);
  }

  private async fetchBlock(number: number, identity: LedgerIdentity = this.reader): Promise<BlockView | undefined> {
    const bytes = await this.fetchBlockBytes(number, identity);
    return bytes ? parseBlock(bytes, this.chaincode) : undefined;
  }

  private async fetchBlockBytes(number: number, identity: LedgerIdentity = this.reader): Promise<Uint8Array | undefined> {
    try {
      return await this.qscc('GetBlockByNumber', [String(number)], identity);
    } catch (error) {
      if (error instanceof LedgerError && error.kind === 'evaluate' && NOT_FOUND.test(`${error.message} ${error.details.join(' ')}`)) {
        return undefined;
      }
      throw error;
    }
  }

  /** The block a just-committed transaction is in: from the block event feed, else from the submitter's peer. */
  private async committedBlock(number: number, identity: LedgerIdentity): Promise<BlockView> {
    const fromFeed = await this.feed.waitFor(number, 5_000).catch(() => undefined);
    if (fromFeed) return fromFeed;
    const block = await this.fetchBlock(number, { province: identity.province, role: 'client' });
    if (!block) throw new LedgerError('commit', 'BLOCK_NOT_FOUND', `block ${number} not found after commit`);
    return block;
  }

  async block(number: number): Promise<BlockView | undefined> {
    if (!Number.isSafeInteger(number) || number < 0) return undefined;
    return this.feed.cached(number) ?? this.fetchBlock(number);
  }

  /** The channel's trust bundle from its genesis (configuration) block, as the peers hold it (trust/export-fabric.ts). */
  async channelTrustBundle(publisher: string): Promise<TrustBundle> {
    const bytes = await this.fetchBlockBytes(0);
    if (!bytes) throw new LedgerError('unavailable', 'NOT_FOUND', 'NOT_FOUND: the channel genesis block');
    return fabricTrustFromGenesis(bytes, publisher, new Date(0));
  }

  /** The inclusion part of a proof of `txId` in block `number` (proof/types.ts); undefined when it cannot be given. */
  async fabricInclusion(txId: string, number: number): Promise<FabricProofInclusion | undefined> {
    if (!Number.isSafeInteger(number) || number < 0) return undefined;
    const bytes = this.feed.cachedBytes(number) ?? (await this.fetchBlockBytes(number));
    return bytes ? fabricInclusion(bytes, txId) : undefined;
  }

  async transaction(txId: string): Promise<TransactionView | undefined> {
    if (txId === '') return undefined;
    let bytes: Uint8Array;
    try {
      bytes = await this.qscc('GetBlockByTxID', [txId]);
    } catch (error) {
      if (error instanceof LedgerError && NOT_FOUND.test(`${error.message} ${error.details.join(' ')}`)) return undefined;
      throw error;
    }
    return parseBlock(bytes, this.chaincode).transactions.find((tx) => tx.txId === txId);
  }

  blocks(fromBlock: number, signal: AbortSignal): AsyncIterable<BlockView> {
    const network = (): Network => this.network(this.reader);
    const chaincode = this.chaincode;
    const reconnectLimitMs = this.timeouts.commitStatusMs;
    return {
      [Symbol.asyncIterator]: async function* (): AsyncGenerator<BlockView> {
        // Checkpointed: after a dropped stream (a peer restart) the reader resumes after the last block it yielded,
        // without gaps or repeats. It gives up when no stream could be (re)opened for reconnectLimitMs.
        const checkpointer = checkpointers.inMemory();
        let failingSince: number | undefined;
        while (!signal.aborted) {
          let events: Awaited<ReturnType<Network['getBlockEvents']>> | undefined;
          try {
            events = await network().getBlockEvents({ startBlock: BigInt(fromBlock), checkpoint: checkpointer });
            const stop = (): void => events?.close();
            signal.addEventListener('abort', stop, { once: true });
            try {
              for await (const block of events) {
                failingSince = undefined;
                const view = parseBlock(block.serializeBinary(), chaincode);
                await checkpointer.checkpointBlock(BigInt(view.number));
                yield view;
                if (signal.aborted) return;
              }
            } finally {
              signal.removeEventListener('abort', stop);
            }
          } catch (error) {
            if (signal.aborted) return;
            if (error instanceof LedgerError && error.code === 'CLOSED') return;
            if (error instanceof Error && error.message.startsWith('INVALID_BLOCK')) throw error;
            failingSince ??= Date.now();
            if (Date.now() - failingSince > reconnectLimitMs) throw toLedgerError('unavailable', error);
            await new Promise((resolve) => setTimeout(resolve, 500));
          } finally {
            events?.close();
          }
        }
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.feed.close();
    for (const gateway of this.gateways.values()) gateway.close();
    this.gateways.clear();
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

/** Opens the Fabric ledger described by a connection profile (network-config/.run/connection.json by default). */
export async function createFabricLedger(options: FabricLedgerOptions = {}): Promise<FabricLedger> {
  const profile = options.profile ?? loadConnectionProfile(options.profilePath ?? DEFAULT_PROFILE_PATH);
  const ledger = new FabricLedger(profile, options);
  try {
    await ledger.height();
  } catch (error) {
    await ledger.close();
    throw error;
  }
  return ledger;
}
