/**
 * The gateway process of the kill test and the soak bench: the real `startGateway` (createServer over the embedded
 * ledger, fsync per block) on 127.0.0.1, with two load-test departments registered on first start (keys generated
 * into the keystore, demo API keys `dtl-demo-<id>`). Prints `listening <url>` when it serves. Environment as for `npm start`
 * (DTL_DATA_DIR, PORT, DTL_PUBLIC_RATE_LIMIT …); fixtures are not loaded.
 */
import '../../src/http/quiet-chaincode-logs'; // first, as in main.ts: fabric-shim reads its log level on load
import pino from 'pino';
import { Keystore } from '../../src/keystore/keystore';
import { demoApiKey, ensureGatewayPrincipals, isRegistered, registerWithKeystore, type DepartmentSeed } from '../../src/keystore/bootstrap';
import { EmbeddedLedger } from '../../src/ledger/embedded/embedded-ledger';
import { parseConfig } from '../../src/config';
import { startGateway } from '../../src/main';
import { contracts } from '@dtl/chaincode';

/**
 * Departments of their own (ids no fixture uses): startGateway puts the fixtures' DEV keys into the keystore for the
 * fixture department ids even with DTL_FIXTURES=false, and the e-seal path would then sign with a key this ledger
 * never registered.
 */
export const HOSTILE_DEPARTMENTS: readonly DepartmentSeed[] = [
  { id: 'sh-hostile-samr', nameZh: '上海市市场监督管理局（压测）', nameEn: 'Shanghai market regulator (load test)', province: 'shanghai', city: '上海市', tier: 'province', roles: ['credit-issuer', 'licence-issuer', 'regulator'] },
  { id: 'ah-hostile-coop', nameZh: '金寨县茶叶合作社（压测）', nameEn: 'Jinzhai tea cooperative (load test)', province: 'anhui', city: '六安市', county: '金寨县', tier: 'county', roles: ['trace-actor'] },
];

// The fault test simulates a full disk with RLIMIT_FSIZE (`ulimit -f`); a real full disk answers ENOSPC without a
// signal, so SIGXFSZ is ignored here to see the same write error the ledger would see.
process.on('SIGXFSZ', () => undefined);

async function main(): Promise<void> {
  const config = parseConfig({ ...process.env, HOST: '127.0.0.1', DTL_FIXTURES: 'false' });
  const ledger = await EmbeddedLedger.open({ dataDir: config.dataDir, contracts });
  const keystore = Keystore.open({ dataDir: config.dataDir });
  if (!(await isRegistered(ledger, 'sh-hostile-samr'))) {
    await ensureGatewayPrincipals(ledger, keystore);
    for (const seed of HOSTILE_DEPARTMENTS) await registerWithKeystore(ledger, keystore, seed);
  }
  for (const seed of HOSTILE_DEPARTMENTS) keystore.setApiKey(seed.id, demoApiKey(seed.id));
  await ledger.close();
  const gateway = await startGateway(config, pino({ level: process.env.DTL_LOG_LEVEL ?? 'warn' }));
  process.stdout.write(`listening ${gateway.url}\n`);
  const stop = (): void => {
    void gateway.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway-child: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
