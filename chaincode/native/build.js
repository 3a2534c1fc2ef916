#!/usr/bin/env node
'use strict';
/**
 * Builds the optional SM2 accelerator (native/sm2_native.c) against the headers of the Node that runs this script
 * (include/node, which carries Node's own OpenSSL headers). No download, no node-gyp: one C compiler call. If the
 * compiler or the headers are missing it says so and exits 0 — the pure TypeScript SM2 is then used.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, statSync } = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, 'sm2_native.c');
const output = path.join(__dirname, 'build', 'sm2_native.node');

function headerDirs() {
  const candidates = [
    process.env.npm_config_nodedir && path.join(process.env.npm_config_nodedir, 'include', 'node'),
    path.join(path.dirname(process.execPath), '..', 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ].filter(Boolean);
  return candidates.filter((dir) => existsSync(path.join(dir, 'node_api.h')) && existsSync(path.join(dir, 'openssl', 'evp.h')));
}

if (existsSync(output) && statSync(output).mtimeMs >= statSync(source).mtimeMs) process.exit(0);
const [include] = headerDirs();
if (!include) {
  console.warn('dtl: Node headers with OpenSSL not found; SM2 will use the pure TypeScript path');
  process.exit(0);
}
mkdirSync(path.dirname(output), { recursive: true });
const cc = process.env.CC || 'cc';
const result = spawnSync(cc, ['-O2', '-shared', '-fPIC', '-Wall', '-Werror', `-I${include}`, '-DNODE_GYP_MODULE_NAME=sm2_native', '-o', output, source], { stdio: 'inherit' });
if (result.error || result.status !== 0) {
  console.warn(`dtl: could not build the SM2 accelerator with ${cc} (${result.error ? result.error.message : 'exit ' + result.status}); using pure TypeScript`);
  process.exit(0);
}
