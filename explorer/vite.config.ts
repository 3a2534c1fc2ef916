// The web application: three areas built by Vite from three HTML entries.
//   /            the public pages (explorer/index.html, src/public): light, no framework, phone first
//   /workbench/  the department workbench (workbench/index.html, src/workbench): Vue 3 + Element Plus
//   /audit/      the audit explorer (audit/index.html, src/main.ts): blocks, records, the sharing audit
// The shared crypto module is the chaincode's own TypeScript (alias below); its Node-only paths are behind
// `typeof require` checks, so the browser takes the pure-TypeScript SM3/SM2 code.
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { createLogger, defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = __dirname;

// The shared crypto module's Node-only requires sit behind `typeof require` checks; Vite's notice that it
// replaced them with an empty module for the browser is expected, so it is not printed.
const logger = createLogger();
const warn = logger.warn.bind(logger);
logger.warn = (message, options) => {
  if (/Module "node:[a-z_]+" has been externalized for browser compatibility, imported by "[^"]*\/chaincode\/crypto\//.test(message)) return;
  warn(message, options);
};

/**
 * The public pages (issue 17) ask for their data before their script has arrived: src/public/urls.ts (the one list of
 * what each page reads first) is compiled into a small inline script in the public index.html that starts those
 * reads while the page's code downloads (a round trip saved on a slow phone network). shell.ts takes them over.
 */
function publicEarlyReads(): Plugin {
  return {
    name: 'dtl-public-early-reads',
    transformIndexHtml: {
      order: 'pre',
      async handler(html, ctx) {
        if (resolve(ctx.filename) !== resolve(here, 'index.html')) return html;
        const urls = await transform(readFileSync(resolve(here, 'src/public/urls.ts'), 'utf8'), { loader: 'ts', format: 'iife', globalName: '__dtlUrls', minify: true, target: 'es2020' });
        const start = "(function(){var q=new URLSearchParams(location.search),p=location.pathname.split('/').filter(Boolean).map(decodeURIComponent),e={};try{__dtlUrls.firstReads(p[0],p[1],q).forEach(function(u){e[u]=fetch(u,{headers:{accept:'application/json'}})})}catch(x){}window.__dtlEarly=e})();";
        return [{ tag: 'script', children: `${urls.code}${start}`, injectTo: 'head-prepend' }];
      },
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [vue(), publicEarlyReads()],
  resolve: {
    alias: [
      { find: '@dtl/chaincode/crypto', replacement: resolve(here, '../chaincode/crypto/index.ts') },
      // The chaincode's pure modules the pages use, from source like the crypto (never the package's main entry,
      // which loads the contracts and fabric-contract-api).
      { find: '@dtl/chaincode/schemas', replacement: resolve(here, '../chaincode/src/domain/schemas.ts') },
      { find: '@dtl/chaincode/hash-only', replacement: resolve(here, '../chaincode/src/records/hash-only.ts') },
      // Fabric envelope parsing (protobuf) stays out of the browser: see src/browser-stubs/block-parser.ts.
      { find: /^\.\.\/ledger\/fabric\/block-parser$/, replacement: resolve(here, 'src/browser-stubs/block-parser.ts') },
    ],
  },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  logLevel: 'warn',
  customLogger: logger,
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: process.env.DTL_EXPLORER_DEV !== '1',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        public: resolve(here, 'index.html'),
        workbench: resolve(here, 'workbench/index.html'),
        audit: resolve(here, 'audit/index.html'),
      },
    },
  },
});
