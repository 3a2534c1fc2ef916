/**
 * Endorsement, in process: runs a transaction proposal against the committed state through fabric-contract-api's
 * own routing (fabric-shim's ChaincodeFromContract, the class a peer-launched chaincode runs), with fabric-shim's
 * own ChaincodeStub wired to the in-process TxSimulator. The contract cannot tell it is not on a peer.
 */
import ChaincodeStubImpl from 'fabric-shim/lib/stub';
import ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';
import * as shimLogger from 'fabric-shim/lib/logger';
import { JSONSerializer } from 'fabric-contract-api';
import { buildProposal } from './proposal';
import { installShimFastpath } from './shim-fastpath';
import type { PrivateWrite, ReadWriteSet } from './rwset';
import { TxSimulator } from './simulator';
import type { StateReads } from './state-reader';

if (process.env.CORE_CHAINCODE_LOGGING_LEVEL === undefined) {
  // The shim logs every failed transaction at error level; on the embedded ledger the caller gets the error itself.
  shimLogger.setLevel('CRITICAL');
}
installShimFastpath();

export interface Creator {
  readonly mspId: string;
  readonly certificatePem: string;
}

export interface ProposalRequest {
  readonly creator: Creator;
  readonly contract: string;
  readonly transaction: string;
  readonly args: readonly string[];
  readonly transient?: Readonly<Record<string, Uint8Array>>;
}

export interface SimulatedEvent {
  readonly name: string;
  readonly payload: Buffer;
}

export interface Simulation {
  readonly txId: string;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
  /** Chaincode response status: 200 success; >= 400 the endorsement failed. */
  readonly status: number;
  readonly message: string;
  readonly payload: Buffer;
  readonly event: SimulatedEvent | undefined;
  readonly rwset: ReadWriteSet;
  readonly privateWrites: readonly PrivateWrite[];
  /** The ledger height of the snapshot the simulation read, where it read one (endorsement workers). */
  readonly readHeight?: number;
}

export interface EndorserOptions {
  /** What simulations read, unless `simulate` is given other reads (an endorsement worker's snapshot). */
  readonly store?: StateReads;
  readonly channelId: string;
  readonly collections: ReadonlySet<string>;
  /** fabric-contract-api Contract classes. */
  readonly contracts: readonly unknown[];
}

export class Endorser {
  private readonly chaincode: ChaincodeFromContract;

  constructor(private readonly options: EndorserOptions) {
    const serializers = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
    // ChaincodeFromContract appends its system contract to the array it is given: hand it a copy.
    this.chaincode = new ChaincodeFromContract([...options.contracts], serializers, {}, 'dtl', '0.1.0');
  }

  async simulate(request: ProposalRequest, store: StateReads | undefined = this.options.store): Promise<Simulation> {
    if (store === undefined) throw new Error('Endorser.simulate: no state to read');
    const built = buildProposal({
      channelId: this.options.channelId,
      mspId: request.creator.mspId,
      certificatePem: request.creator.certificatePem,
      fcn: `${request.contract}:${request.transaction}`,
      args: request.args,
      transient: request.transient,
      timestampMs: Date.now(),
    });
    const simulator = new TxSimulator({
      store,
      channelId: this.options.channelId,
      txId: built.txId,
      collections: this.options.collections,
    });
    const stub = new ChaincodeStubImpl(simulator, this.options.channelId, built.txId, built.chaincodeInput, built.signedProposal);
    let response: { status: number; message?: string; payload?: Uint8Array };
    try {
      response = await this.chaincode.Invoke(stub);
    } catch (error) {
      response = { status: 500, message: (error as Error).message };
    }
    const { rwset, privateWrites } = await simulator.finish();
    const shimEvent = stub.chaincodeEvent;
    const event = shimEvent
      ? { name: shimEvent.getEventName(), payload: Buffer.from(shimEvent.getPayload_asU8()) }
      : undefined;
    return {
      txId: built.txId,
      timestamp: built.timestamp,
      status: response.status,
      message: response.message ?? '',
      payload: Buffer.from(response.payload ?? new Uint8Array(0)),
      event,
      rwset,
      privateWrites,
    };
  }
}
