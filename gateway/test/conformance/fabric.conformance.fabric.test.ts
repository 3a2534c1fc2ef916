import { createFabricLedger } from '../../src/ledger/fabric';
import { runLedgerConformance } from './ledger-conformance';

// The same suite as the embedded ledger, against the real network: the probe contract runs beside the product's
// contracts as the "dtlprobe" chaincode (network.sh deploy-probe, done by `npm run test:fabric`).
runLedgerConformance(
  'fabric',
  async () => {
    const ledger = await createFabricLedger({ chaincode: 'dtlprobe' });
    return { ledger, close: (): Promise<void> => ledger.close() };
  },
  { productContracts: true },
);
