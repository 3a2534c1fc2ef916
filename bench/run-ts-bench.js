'use strict';
/**
 * Runs a TypeScript benchmark: bundles bench/<name>.bench.ts (scripts/bundle-ts.js: TypeScript's own transpiler, so
 * the decorator metadata fabric-contract-api reads is emitted; node_modules external) into bench/out/ and runs it.
 */
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { bundleTypeScript } = require('../scripts/bundle-ts');

function runTypeScriptBench(name) {
  bundleTypeScript(join(__dirname, `${name}.bench.ts`), join(__dirname, 'out', `${name}.bench.js`))
    .then((outfile) => {
      // As in the gateway processes (gateway/src/http/quiet-chaincode-logs.ts): fabric-contract-api logs every
      // decorator at INFO when the bundle loads, before the embedded endorser could lower the level.
      const env = { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'CRITICAL' };
      const result = spawnSync(process.execPath, [outfile], { stdio: 'inherit', env });
      process.exit(result.status ?? 1);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}

module.exports = { runTypeScriptBench };
