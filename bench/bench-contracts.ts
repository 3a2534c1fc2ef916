/** The contracts of bench:ledger's attestation and bulk-load runs, as one module endorsement workers can require. */
import { AttestationContract } from '../gateway/test/conformance/attestation-contract';
import { BulkLoadContract } from './bulk-load-contract';

export const contracts = [AttestationContract, BulkLoadContract];
