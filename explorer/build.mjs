// Bundles the explorer for the browser: one script, one stylesheet, no external network at run time.
// `node:*` builtins are external: the shared crypto module only uses them when require() works (Node), so the
// browser takes the pure-TypeScript SM3/SM2 path.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const root = resolve(here, '..');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, 'src/main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['es2022'],
  minify: process.env.DTL_EXPLORER_DEV !== '1',
  sourcemap: true,
  external: ['node:*', 'crypto', 'fs', 'path', 'module', 'os'],
  alias: {
    '@dtl/chaincode/crypto': join(root, 'chaincode/crypto/index.ts'),
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  legalComments: 'none',
});
cpSync(join(here, 'static'), out, { recursive: true });
console.log(`explorer built into ${out}`);
