/**
 * The ledger conformance suite against the embedded ledger endorsing on worker threads (endorsement-pool.ts), the
 * way `npm start` runs it: the same verdicts as on the main thread, MVCC and phantom conflicts included. Plus what
 * only the pool can do wrong: a worker that dies, a contracts module that does not load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contracts } from '@dtl/chaincode';
import { EmbeddedLedger } from '../../src/ledger/embedded/embedded-ledger';
import { LedgerError } from '../../src/ledger/errors';
import { bundleTypeScript } from './bundle-ts';
import { runLedgerConformance } from './ledger-conformance';
import { ProbeContract } from './probe-contract';

let contractsModule: string;
const opened: Array<{ ledger: EmbeddedLedger; dataDir: string }> = [];

beforeAll(async () => {
  contractsModule = await bundleTypeScript(join(__dirname, 'worker-contracts.ts'), 'worker-contracts');
}, 60_000);

async function openWithWorkers(workers = 2): Promise<EmbeddedLedger> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-conformance-workers-'));
  const ledger = await EmbeddedLedger.open({ dataDir, contracts: [...contracts, ProbeContract], contractsModule, endorsementWorkers: workers });
  opened.push({ ledger, dataDir });
  return ledger;
}

afterAll(async () => {
  for (const { ledger, dataDir } of opened) {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

runLedgerConformance(
  'embedded, endorsed on worker threads',
  async () => ({ ledger: await openWithWorkers(), close: async () => undefined }),
  { productContracts: true },
);

describe('endorsement workers', () => {
  const client = { province: 'shanghai', role: 'client' } as const;

  it('run the simulations: two threads, and every transaction is still committed in order', async () => {
    const ledger = await openWithWorkers();
    expect(ledger.endorsementThreads()).toBe(2);
    const committed = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ledger.submit({ identity: client, contract: 'probe', transaction: 'put', args: [`workers/k${i}`, `v${i}`] })),
    );
    expect(new Set(committed.map((tx) => tx.txId)).size).toBe(40);
    const read = await ledger.evaluate({ identity: client, contract: 'probe', transaction: 'get', args: ['workers/k39'] });
    expect(Buffer.from(read).toString('utf8')).toContain('v39');
  });

  it('a worker that dies fails only its own simulations (UNAVAILABLE, nothing written) and is replaced', async () => {
    const ledger = await openWithWorkers(1);
    const height = await ledger.height();
    const error = await ledger.submit({ identity: client, contract: 'workerExit', transaction: 'exit', args: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).code).toBe('UNAVAILABLE');
    expect((error as LedgerError).message).toMatch(/endorsement worker/);
    expect(await ledger.height()).toBe(height);
    // The replacement endorses the next transaction.
    const committed = await ledger.submit({ identity: client, contract: 'probe', transaction: 'put', args: ['workers/after-exit', 'ok'] });
    expect(committed.validationCode).toBe('VALID');
    expect(ledger.endorsementThreads()).toBe(1);
  });

  it('a contracts module that does not exist fails the open with a clear error', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dtl-conformance-workers-'));
    try {
      await expect(
        EmbeddedLedger.open({ dataDir, contracts, contractsModule: join(dataDir, 'no-such-contracts.js'), endorsementWorkers: 1 }),
      ).rejects.toThrow(/LEDGER_UNAVAILABLE: endorsement workers did not start: contracts module .*no-such-contracts\.js does not exist/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
