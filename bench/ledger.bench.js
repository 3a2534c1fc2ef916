#!/usr/bin/env node
'use strict';
/**
 * npm run bench:ledger — bundles bench/ledger.bench.ts (TypeScript compiled by tsc's transpiler, so decorator
 * metadata for fabric-contract-api is emitted; node_modules external) into bench/out/ and runs it.
 */
const { mkdirSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { spawnSync } = require('node:child_process');
const esbuild = require('esbuild');
const ts = require('typescript');

const REPO = join(__dirname, '..');
const outfile = join(__dirname, 'out', 'ledger.bench.js');
mkdirSync(dirname(outfile), { recursive: true });

esbuild
  .build({
    entryPoints: [join(__dirname, 'ledger.bench.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    plugins: [
      {
        name: 'typescript-with-decorator-metadata',
        setup(build) {
          build.onResolve({ filter: /^@dtl\/chaincode\/crypto$/ }, () => ({ path: join(REPO, 'chaincode/crypto/index.ts') }));
          build.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: ts.transpileModule(readFileSync(args.path, 'utf8'), {
              fileName: args.path,
              compilerOptions: {
                target: ts.ScriptTarget.ES2022,
                module: ts.ModuleKind.CommonJS,
                experimentalDecorators: true,
                emitDecoratorMetadata: true,
                esModuleInterop: true,
              },
            }).outputText,
            loader: 'js',
            resolveDir: dirname(args.path),
          }));
        },
      },
    ],
  })
  .then(() => {
    // As in the gateway processes (gateway/src/http/quiet-chaincode-logs.ts): fabric-contract-api logs every decorator
    // at INFO when the bundle loads, before the embedded endorser could lower the level.
    const env = { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'CRITICAL' };
    const result = spawnSync(process.execPath, [outfile], { stdio: 'inherit', env });
    process.exit(result.status ?? 1);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
