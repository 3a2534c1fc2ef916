/**
 * Entry of the "dtlprobe" chaincode deployed for the Fabric run of the ledger conformance suite: the product's
 * contracts (the same chaincode/dist build the "dtl" chaincode runs) with the conformance probe contract beside them
 * (gateway/test/conformance/probe-contract.ts), as the suite expects.
 */
import { contracts as productContracts } from '@dtl/chaincode';
import { ProbeContract } from '../../gateway/test/conformance/probe-contract';

export const contracts = [...productContracts, ProbeContract];
