'use strict';
/**
 * Bundles a TypeScript entry point into one CommonJS file that plain `node` (a child process, a worker, a bench)
 * can run. TypeScript is transpiled with the TypeScript compiler itself, because esbuild cannot emit the decorator
 * metadata fabric-contract-api reads; the workspace packages resolve to their sources; node_modules stay external.
 */
const { mkdirSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const esbuild = require('esbuild');
const ts = require('typescript');

const REPO = join(__dirname, '..');

const typescriptWithMetadata = {
  name: 'typescript-with-decorator-metadata',
  setup(context) {
    context.onResolve({ filter: /^@dtl\/chaincode\/crypto$/ }, () => ({ path: join(REPO, 'chaincode/crypto/index.ts') }));
    context.onResolve({ filter: /^@dtl\/chaincode$/ }, () => ({ path: join(REPO, 'chaincode/src/index.ts') }));
    context.onLoad({ filter: /\.ts$/ }, (args) => {
      const output = ts.transpileModule(readFileSync(args.path, 'utf8'), {
        fileName: args.path,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.CommonJS,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          esModuleInterop: true,
        },
      });
      return { contents: output.outputText, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Bundles `entry` into `outfile` and resolves with `outfile`. */
async function bundleTypeScript(entry, outfile) {
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    plugins: [typescriptWithMetadata],
    logLevel: 'error',
  });
  return outfile;
}

module.exports = { bundleTypeScript };
