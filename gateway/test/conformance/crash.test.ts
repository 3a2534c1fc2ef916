/**
 * Crash test: a child process commits signed records with 16 submissions in flight and is SIGKILLed at a random
 * moment, 20 times over the same data directory. After every kill: the chain verifies (hashes, links, signatures,
 * record signatures, state/history/tx index replayed against the blocks, so no half block is visible), and every
 * transaction the child saw acknowledged is committed and VALID.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLedger, LEDGER_DB_DIR } from '../../src/ledger/embedded/embedded-ledger';
import { readLedgerPublicKey } from '../../src/ledger/embedded/ledger-key';
import { verifyChain } from '../../src/ledger/embedded/verify';
import { AttestationContract } from './attestation-contract';
import { bundleTypeScript } from './bundle-ts';

const ROUNDS = 20;

function runAndKill(script: string, dataDir: string, ackFile: string, killAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataDir, ackFile, '16'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (timer === undefined && chunk.toString().includes('ready')) {
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited on its own (code ${String(code)}): ${stderr}`));
    });
  });
}

describe('crash safety of the embedded ledger', () => {
  let dataDir: string;
  let script: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtl-crash-'));
    script = await bundleTypeScript(join(__dirname, 'crash-writer.ts'), 'crash-writer');
  }, 60_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${ROUNDS} SIGKILLs under concurrent load lose no acknowledged transaction and leave no half block`, async () => {
    const ackFile = join(dataDir, 'acknowledged.txt');
    const publicKeyOf = (): Uint8Array => readLedgerPublicKey(dataDir);
    let lastHeight = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await runAndKill(script, dataDir, ackFile, 20 + Math.floor(Math.random() * 250));

      const verification = await verifyChain(join(dataDir, LEDGER_DB_DIR), publicKeyOf());
      expect(verification.problems).toEqual([]);
      expect(verification.records.invalid).toBe(0);
      expect(verification.height).toBeGreaterThanOrEqual(lastHeight);
      lastHeight = verification.height;

      const acknowledged = existsSync(ackFile) ? readFileSync(ackFile, 'utf8').split('\n').filter(Boolean) : [];
      const ledger = await EmbeddedLedger.open({ dataDir, contracts: [AttestationContract] });
      try {
        for (const txId of acknowledged) {
          const view = await ledger.transaction(txId);
          expect(view?.validationCode).toBe('VALID');
        }
      } finally {
        await ledger.close();
      }
    }
    const final = await verifyChain(join(dataDir, LEDGER_DB_DIR), publicKeyOf());
    expect(final.ok).toBe(true);
    expect(final.records.verified).toBeGreaterThan(ROUNDS);
  }, 240_000);
});
