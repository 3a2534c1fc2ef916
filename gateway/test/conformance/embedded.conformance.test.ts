import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contracts } from '@dtl/chaincode';
import { EmbeddedLedger } from '../../src/ledger/embedded/embedded-ledger';
import { runLedgerConformance } from './ledger-conformance';
import { ProbeContract } from './probe-contract';

runLedgerConformance(
  'embedded',
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dtl-conformance-'));
    const ledger = await EmbeddedLedger.open({ dataDir, contracts: [...contracts, ProbeContract] });
    return {
      ledger,
      close: async (): Promise<void> => {
        await ledger.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
  { productContracts: true },
);
