/**
 * Types for the parts of fabric-shim the embedded ledger drives directly: the real ChaincodeStub (constructed with
 * an in-process peer handler), the real contract dispatcher, the real query iterators and the shim logger.
 */
declare module 'fabric-shim/lib/stub' {
  import type { ChaincodeStub } from 'fabric-shim-api';

  interface ShimChaincodeEvent {
    getEventName(): string;
    getPayload_asU8(): Uint8Array;
  }
  type FabricShimStub = ChaincodeStub & { chaincodeEvent?: ShimChaincodeEvent };
  const ChaincodeStubImpl: new (
    handler: object,
    channelId: string,
    txId: string,
    chaincodeInput: unknown,
    signedProposal: unknown,
  ) => FabricShimStub;
  export = ChaincodeStubImpl;
}

declare module 'fabric-shim/lib/contract-spi/chaincodefromcontract' {
  import type { ChaincodeResponse, ChaincodeStub } from 'fabric-shim-api';

  interface Serializers {
    transaction: string;
    serializers: Record<string, unknown>;
  }
  class ChaincodeFromContract {
    constructor(contractClasses: unknown[], serializers: Serializers, metadata?: object, title?: string, version?: string);
    Invoke(stub: ChaincodeStub): Promise<ChaincodeResponse>;
    Init(stub: ChaincodeStub): Promise<ChaincodeResponse>;
  }
  export = ChaincodeFromContract;
}

declare module 'fabric-shim/lib/iterators' {
  export class StateQueryIterator {
    constructor(handler: object, channelId: string, txId: string, response: unknown);
  }
  export class HistoryQueryIterator {
    constructor(handler: object, channelId: string, txId: string, response: unknown);
  }
}

declare module 'fabric-shim/lib/logger' {
  export function setLevel(level: string): void;
}
