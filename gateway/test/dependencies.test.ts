/**
 * Dependency boundaries, checked on the built packages in fresh Node processes (what a peer or `npm start` loads):
 * the deployable chaincode never pulls in the gateway's dependencies, and the gateway in embedded mode never loads
 * the Fabric client (heavy optional dependencies load lazily).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs `script` in a fresh node; it calls report() when done; returns the node_modules packages it loaded. */
function packagesLoadedBy(script: string): string[] {
  const probe = `
    function report() {
      const names = new Set();
      for (const file of Object.keys(require.cache)) {
        const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file.split(require('path').sep).join('/'));
        if (m) names.add(m[1]);
      }
      process.stdout.write(JSON.stringify([...names].sort()));
    }
    ${script}`;
  const out = execFileSync(process.execPath, ['-e', probe], { cwd: ROOT, env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'CRITICAL' } });
  return JSON.parse(out.toString()) as string[];
}

const GATEWAY_ONLY = ['level', 'classic-level', 'express', 'jsonwebtoken', 'pino', 'prom-client', 'swagger-ui-express', '@hyperledger/fabric-gateway', 'qrcode', 'commander'];

describe('dependency boundaries', () => {
  it('the chaincode package loads no gateway dependency', () => {
    const loaded = packagesLoadedBy(`const { contracts } = require('./chaincode/dist/src/index.js'); if (contracts.length < 6) throw new Error('contracts missing'); report();`);
    expect(loaded).toEqual(expect.arrayContaining(['fabric-contract-api', '@noble/curves']));
    expect(loaded.filter((name) => GATEWAY_ONLY.includes(name))).toEqual([]);
  });

  it('the gateway on the embedded ledger never loads @hyperledger/fabric-gateway', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dtl-deps-'));
    try {
      const loaded = packagesLoadedBy(`
        const { openLedger } = require('./gateway/dist/src/main.js');
        const { createServer } = require('./gateway/dist/src/server.js');
        const { parseConfig } = require('./gateway/dist/src/config.js');
        (async () => {
          const ledger = await openLedger(parseConfig({ DTL_DATA_DIR: ${JSON.stringify(dataDir)}, DTL_LEDGER: 'embedded' }));
          await ledger.close();
          report();
        })().catch((e) => { console.error(e); process.exit(1); });
        void createServer;`);
      expect(loaded).toEqual(expect.arrayContaining(['level', 'express', 'fabric-shim']));
      expect(loaded).not.toContain('@hyperledger/fabric-gateway');
      expect(loaded).not.toContain('exceljs'); // the bulk import loads it when a workbook arrives (issue 16)
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
