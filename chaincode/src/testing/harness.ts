/**
 * Drives contracts through fabric-contract-api's own dispatch: fabric-shim's ChaincodeFromContract (the class the
 * peer's `fabric-chaincode-node` bootstrap uses) over the in-memory stub. Tests submit `contract:function` with
 * string arguments exactly as a client would, as one of the province organisations' admin or client identity.
 */
import type { ChaincodeInterface } from 'fabric-shim-api';
import { utf8Decode, utf8Encode } from '../../crypto';
import { PROVINCE_MSP, type Province } from '../domain/region';
import { errorCodeOf, type ErrorCode } from '../errors';
import { DEV_IDENTITY_CERTS, type IdentityRole } from './identities';
import { MemoryStub, MemoryWorldState } from './memory-stub';

process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL ?? 'CRITICAL';

/* eslint-disable @typescript-eslint/no-require-imports */
const { JSONSerializer } = require('fabric-contract-api') as { JSONSerializer: new () => unknown };
const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract') as new (
  contracts: unknown[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => ChaincodeInterface;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface Caller {
  readonly province: Province;
  readonly role: IdentityRole;
}

export interface InvokeResult {
  readonly status: number;
  readonly message: string;
  readonly payload: string;
  readonly txId: string;
  readonly event: { readonly name: string; readonly payload: string } | undefined;
  /** The stable error code at the start of the message, for failed transactions. */
  readonly code: ErrorCode | undefined;
}

export interface InvokeOptions {
  readonly transient?: Readonly<Record<string, Uint8Array | string>>;
  /** Evaluate only: do not commit the writes. */
  readonly evaluate?: boolean;
}

/** A tiny ledger for unit tests: committed world state, a transaction clock, and the contracts' dispatcher. */
export class ContractHarness {
  readonly world = new MemoryWorldState();
  private readonly chaincode: ChaincodeInterface;
  private clock: number;
  private sequence = 0;
  readonly events: Array<{ readonly name: string; readonly payload: string; readonly txId: string }> = [];

  constructor(contracts: readonly unknown[], start = '2025-03-01T08:00:00.000Z') {
    const serializers = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
    // ChaincodeFromContract appends its system contract to the array it is given: hand it a copy.
    this.chaincode = new ChaincodeFromContract([...contracts], serializers, {}, 'dtl-test', '0.0.0');
    this.clock = Date.parse(start);
  }

  /** The timestamp the next transaction will carry. */
  get now(): string {
    return new Date(this.clock).toISOString();
  }

  setTime(iso: string): void {
    this.clock = Date.parse(iso);
  }

  advance(ms: number): void {
    this.clock += ms;
  }

  async invoke(caller: Caller, fn: string, args: readonly string[], options: InvokeOptions = {}): Promise<InvokeResult> {
    this.sequence += 1;
    const txId = `tx${String(this.sequence).padStart(6, '0')}`;
    const transient = new Map<string, Uint8Array>();
    for (const [name, value] of Object.entries(options.transient ?? {})) transient.set(name, typeof value === 'string' ? utf8Encode(value) : value);
    const stub = new MemoryStub({
      world: this.world,
      txId,
      timestamp: new Date(this.clock),
      creator: { mspid: PROVINCE_MSP[caller.province], idBytes: utf8Encode(DEV_IDENTITY_CERTS[caller.province][caller.role]) },
      args: [fn, ...args],
      transient,
    });
    this.clock += 1000;
    const response = await this.chaincode.Invoke(stub as never);
    const ok = response.status === 200;
    if (ok && options.evaluate !== true) {
      stub.commit();
      if (stub.event) this.events.push({ name: stub.event.name, payload: utf8Decode(stub.event.payload), txId });
    }
    const message = response.message ?? '';
    return {
      status: response.status,
      message,
      payload: response.payload ? utf8Decode(response.payload) : '',
      txId,
      event: stub.event ? { name: stub.event.name, payload: utf8Decode(stub.event.payload) } : undefined,
      code: ok ? undefined : errorCodeOf(message),
    };
  }

  /** Submits and returns the payload; throws the chaincode's message if the transaction failed. */
  async submit(caller: Caller, fn: string, args: readonly string[], options: InvokeOptions = {}): Promise<string> {
    const result = await this.invoke(caller, fn, args, options);
    if (result.status !== 200) throw new Error(result.message);
    return result.payload;
  }

  /** Evaluates (no commit) and returns the payload; throws the chaincode's message if it failed. */
  async evaluate(caller: Caller, fn: string, args: readonly string[]): Promise<string> {
    return this.submit(caller, fn, args, { evaluate: true });
  }
}
