import '../http/quiet-chaincode-logs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { contracts } from '@dtl/chaincode';
import { DEPARTMENTS } from '@dtl/fixtures';
import { EmbeddedLedger } from '../ledger/embedded/embedded-ledger';
import { DEMO_DEPARTMENTS, registerWithKeystore } from './bootstrap';
import { loadFixtures } from './fixtures';
import { Keystore } from './keystore';

describe('loadFixtures', () => {
  it('loads the demo data into a ledger that holds only other departments (a shared network), and only once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dtl-fixtures-'));
    const ledger = await EmbeddedLedger.open({ dataDir, contracts, batchTimeoutMs: 2 });
    try {
      const keystore = Keystore.open({ dataDir });
      const other = DEMO_DEPARTMENTS.find((d) => d.id === 'zj-hz-sjj');
      expect(other).toBeDefined();
      expect(DEPARTMENTS.some((d) => d.id === other!.id)).toBe(false);
      await registerWithKeystore(ledger, keystore, other!);

      const logger = pino({ level: 'silent' });
      const first = await loadFixtures(ledger, keystore, { load: true, logger });
      expect(first.loaded).toBeGreaterThan(50);
      expect(first.summary).toContain('no fixture department was registered');
      expect(first.apiKeys.map((k) => k.department)).toContain('sh-samr');

      const again = await loadFixtures(ledger, keystore, { load: true, logger });
      expect(again.loaded).toBe(0);
      expect(again.summary).toContain('already registered');
    } finally {
      await ledger.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
