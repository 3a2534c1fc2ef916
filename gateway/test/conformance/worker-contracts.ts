/**
 * The contracts of the worker-endorsed conformance run as one module endorsement workers require (bundled by
 * embedded-workers.conformance.test.ts): the product's contracts, the probe, and a contract whose one transaction
 * ends the worker thread it runs on, to show what a crashed endorsement worker does to the ledger.
 */
import { contracts as productContracts } from '@dtl/chaincode';
import { Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { ProbeContract } from './probe-contract';

@Info({ title: 'Worker exit', description: 'Ends the endorsement worker it runs on (tests only)' })
export class WorkerExitContract extends Contract {
  constructor() {
    super('workerExit');
  }

  @Transaction()
  @Returns('string')
  async exit(): Promise<string> {
    process.exit(7);
  }
}

export const contracts = [...productContracts, ProbeContract, WorkerExitContract];
