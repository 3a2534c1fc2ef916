/** The Ledger port and its embedded adapter, opened with the product's contracts. */
import { contracts } from '@dtl/chaincode';
import { EmbeddedLedger, type EmbeddedLedgerOptions } from './embedded/embedded-ledger';

export * from './ledger';
export * from './errors';
export { EmbeddedLedger, toBlockView, toTransactionView, type EmbeddedLedgerOptions } from './embedded/embedded-ledger';
export { verifyChain, type ChainVerification, type ChainProblem } from './embedded/verify';

/** Opens the embedded ledger in `dataDir` running the @dtl/chaincode contracts. */
export async function openEmbeddedLedger(
  dataDir: string,
  options: Omit<EmbeddedLedgerOptions, 'dataDir' | 'contracts'> = {},
): Promise<EmbeddedLedger> {
  return EmbeddedLedger.open({ ...options, dataDir, contracts });
}
