/**
 * SIGKILL of the gateway process under submit load. The real gateway (startGateway: HTTP, e-seal signing, the
 * contracts, the embedded ledger with fsync per block) runs as a child on 127.0.0.1; this test keeps 16 submits in
 * flight over HTTP and kills the child at a random moment, again and again over the same data directory. After
 * every kill: the chain verifies, and every submission the gateway acknowledged (201 with a receipt) is committed
 * and VALID, its record readable by id. Then the gateway is restarted and loaded again.
 *
 *   DTL_KILL_ROUNDS (default 12)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contracts } from '@dtl/chaincode';
import '../../src/http/quiet-chaincode-logs';
import { EmbeddedLedger, LEDGER_DB_DIR } from '../../src/ledger/embedded/embedded-ledger';
import { readLedgerPublicKey } from '../../src/ledger/embedded/ledger-key';
import { verifyChain } from '../../src/ledger/embedded/verify';
import { bundleTypeScript } from '../conformance/bundle-ts';
import { recordFigures } from './figures';
import { login, startGatewayProcess } from './gateway-process';

const ROUNDS = Number(process.env.DTL_KILL_ROUNDS ?? 12);
const IN_FLIGHT = 16;
const CODE = '91310115MA1FL6X20M';

describe('SIGKILL of the gateway process under submit load', () => {
  let dataDir: string;
  let script: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtl-kill-'));
    script = await bundleTypeScript(join(__dirname, 'gateway-child.ts'), 'hostile-gateway-child');
  }, 60_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${ROUNDS} kills at random moments lose no acknowledged submission and leave a chain that verifies`, async () => {
    const acknowledged = new Map<string, string>(); // txId → record id
    let sent = 0;
    let failedInFlight = 0;
    let lost = 0;
    let lastHeight = 0;
    let sequence = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { child, url } = await startGatewayProcess(script, dataDir);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const token = await login(url, 'sh-hostile-samr');
      let killed = false;
      const worker = async (): Promise<void> => {
        while (!killed) {
          const id = `kill-${round}-${sequence++}`;
          const record = {
            type: 'credit.entry',
            id,
            department: 'sh-hostile-samr',
            list: 'black',
            subject: { kind: 'organisation', creditCode: CODE, name: '上海浦江示范贸易有限公司' },
            category: 'public-resource-trading-fraud',
            legalBasis: '《中华人民共和国招标投标法》第五十三条',
            measures: ['no-bidding'],
            validFrom: '2025-01-01T00:00:00Z',
          };
          sent++;
          try {
            const res = await fetch(`${url}/api/v1/credit/entries`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ record }),
              signal: AbortSignal.timeout(15_000),
            });
            const body = (await res.json()) as { receipt?: { txId: string; id: string } };
            if (res.status === 201 && body.receipt) acknowledged.set(body.receipt.txId, body.receipt.id);
            else if (!killed) throw new Error(`submit refused while the gateway was up: ${res.status} ${JSON.stringify(body)}`);
          } catch (error) {
            if (!killed) throw error;
            failedInFlight++;
          }
        }
      };
      const workers = Array.from({ length: IN_FLIGHT }, worker);
      // Kill at a random moment once load is running: 150–900 ms in.
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.floor(Math.random() * 750)));
      killed = true;
      child.kill('SIGKILL');
      await exited;
      await Promise.allSettled(workers);

      const verification = await verifyChain(join(dataDir, LEDGER_DB_DIR), readLedgerPublicKey(dataDir));
      expect(verification.problems).toEqual([]);
      expect(verification.height).toBeGreaterThanOrEqual(lastHeight);
      lastHeight = verification.height;
      const ledger = await EmbeddedLedger.open({ dataDir, contracts });
      try {
        for (const [txId, recordId] of acknowledged) {
          const view = await ledger.transaction(txId);
          const stored = view?.validationCode === 'VALID' ? await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'department', transaction: 'getRecord', args: [recordId] }).catch(() => undefined) : undefined;
          if (stored === undefined) lost++;
        }
      } finally {
        await ledger.close();
      }
      expect(lost).toBe(0);
    }
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 5);
    // A last clean start: the gateway opens the killed ledger and takes writes again.
    const { child, url } = await startGatewayProcess(script, dataDir);
    const token = await login(url, 'sh-hostile-samr');
    const health = (await (await fetch(`${url}/healthz`)).json()) as { height: number };
    expect(health.height).toBe(lastHeight);
    const after = await fetch(`${url}/api/v1/records/${[...acknowledged.values()][0] ?? 'x'}`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    recordFigures('kill', { kills: ROUNDS, submitsSent: sent, acknowledged: acknowledged.size, inFlightAtKill: failedInFlight, recordsLostAfterKills: lost, finalHeight: lastHeight, chainVerifiedAfterEveryKill: true });
  }, 300_000);
});
