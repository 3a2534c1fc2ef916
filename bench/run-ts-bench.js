'use strict';
/**
 * Runs a TypeScript benchmark: bundles bench/<name>.bench.ts (scripts/bundle-ts.js: TypeScript's own transpiler, so
 * the decorator metadata fabric-contract-api reads is emitted; node_modules external) into bench/out/ and runs it.
 * `modules` are bundled beside it first (bench/<module>.ts -> bench/out/<module>.js): what its worker threads load.
 * BENCH_CPU_PROF_DIR=<dir> runs it under `node --cpu-prof`: one V8 profile per thread (main and every worker) in <dir>.
 */
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { bundleTypeScript } = require('../scripts/bundle-ts');

function runTypeScriptBench(name, modules = []) {
  Promise.all(modules.map((module) => bundleTypeScript(join(__dirname, `${module}.ts`), join(__dirname, 'out', `${module}.js`))))
    .then(() => bundleTypeScript(join(__dirname, `${name}.bench.ts`), join(__dirname, 'out', `${name}.bench.js`)))
    .then((outfile) => {
      // As in the gateway processes (gateway/src/http/quiet-chaincode-logs.ts): fabric-contract-api logs every
      // decorator at INFO when the bundle loads, before the embedded endorser could lower the level.
      const env = { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'CRITICAL' };
      const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
      const result = spawnSync(process.execPath, [...profile, outfile, ...process.argv.slice(2)], { stdio: 'inherit', env });
      process.exit(result.status ?? 1);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}

module.exports = { runTypeScriptBench };
