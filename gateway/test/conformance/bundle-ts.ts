/**
 * Bundles a TypeScript entry point into one CommonJS file a child process or worker can run with plain `node`.
 * TypeScript is transpiled with the TypeScript compiler itself (esbuild cannot emit decorator metadata, which
 * fabric-contract-api reads); node_modules stay external and resolve from the repository.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import ts from 'typescript';

const REPO = resolve(__dirname, '../../..');

const typescriptWithMetadata: Plugin = {
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

/** Bundles `entry` to `<REPO>/test-artifacts/<name>.js` (git-ignored) and returns its path. */
export async function bundleTypeScript(entry: string, name: string): Promise<string> {
  const outDir = join(REPO, 'test-artifacts');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.js`);
  await build({
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
