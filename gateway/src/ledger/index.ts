/** The Ledger port and its embedded adapter, opened with the product's contracts. */
import { contracts } from '@dtl/chaincode';
import { productContractsModule } from './embedded/contracts-module';
import { EmbeddedLedger, type EmbeddedLedgerOptions } from './embedded/embedded-ledger';

export * from './ledger';
export * from './errors';
export { EmbeddedLedger, toBlockView, toTransactionView, type EmbeddedLedgerOptions } from './embedded/embedded-ledger';
export { verifyChain, type ChainVerification, type ChainProblem } from './embedded/verify';

export { productContractsModule } from './embedded/contracts-module';

/** Opens the embedded ledger in `dataDir` running the @dtl/chaincode contracts (endorsed on worker threads). */
export async function openEmbeddedLedger(
  dataDir: string,
  options: Omit<EmbeddedLedgerOptions, 'dataDir' | 'contracts'> = {},
): Promise<EmbeddedLedger> {
  return EmbeddedLedger.open({ contractsModule: productContractsModule(), ...options, dataDir, contracts });
}
