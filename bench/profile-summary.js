#!/usr/bin/env node
'use strict';
/**
 * Summarises V8 CPU profiles (.cpuprofile, as `node --cpu-prof` writes them): where a process's time went.
 *
 *   node bench/profile-summary.js <file.cpuprofile | dir> [--top N] [--match TEXT] [--from S] [--to S] [--groups]
 *
 * For each profile (a directory gives every .cpuprofile in it, one per thread): the sampled time, the busy share
 * (everything but "(idle)"), then
 *   - self time by package: node_modules/<package>, the project's own parts (gateway/src/http, chaincode/crypto …),
 *     node:internal, and V8's pseudo-frames ((garbage collector), (program), (idle));
 *   - the top N functions by self time (name, file:line);
 *   - the top N functions by total time (self + callees, each function counted once per stack);
 *   - with --match TEXT: total time of the functions whose name or file contains TEXT.
 * --groups adds self time by part of a gateway submit (HTTP stack, ledger and chaincode, SM2 and hashing, proof, read
 * model, garbage collection, Node internals), from the package table GROUPS below.
 * --from / --to keep only the samples taken that many seconds after the profile started (bench:http prints each
 * phase's window since the gateway started, e.g. to leave out start-up and fixture loading).
 */
const { readFileSync, readdirSync, statSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');

/** Parts of a gateway submit, by the package or project part a frame belongs to (packageOf). */
const GROUPS = [
  ['HTTP stack (Express, body parsing, auth, rate limits, metrics, validation, routes)', /^(express|router|body-parser|raw-body|iconv-lite|type-is|content-type|media-typer|parseurl|on-finished|finalhandler|path-to-regexp|express-rate-limit|prom-client|zod|jsonwebtoken|jws|debug|mime-types|etag|fresh|send|qs|pino|sonic-boom|gateway\/src\/http|gateway\/src$|gateway\/src\/keystore|gateway\/src\/visibility)$/],
  ['ledger and chaincode (endorse, commit, LevelDB, contract dispatch)', /^(gateway\/src\/ledger|classic-level|abstract-level|level-transcoder|module-error|fabric-shim|fabric-contract-api|google-protobuf|@hyperledger\/fabric-protos|long|winston|logform|chaincode\/src\/.*|reflect-metadata|ajv|fast-json-stable-stringify)$/],
  ['SM2 / SM3 / canonical JSON (chaincode/crypto, @noble)', /^(chaincode\/crypto|@noble\/.*)$/],
  ['proof building (gateway/src/proof)', /^gateway\/src\/proof$/],
  ['read model (projection into SQLite)', /^(gateway\/src\/read-model|kysely|better-sqlite3)$/],
  ['garbage collector', /^\(garbage collector\)$/],
  ['Node internals with no caller of ours (timers, microtask queue, (program))', /^(node:internal|\(native\)|\(program\))$/],
];

function groupOf(pkg) {
  for (const [name, pattern] of GROUPS) if (pattern.test(pkg)) return name;
  return 'other';
}

function args(argv) {
  const options = { paths: [], top: 25, match: [], from: 0, to: Infinity, groups: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') options.top = Number(argv[++i]);
    else if (argv[i] === '--from') options.from = Number(argv[++i]);
    else if (argv[i] === '--to') options.to = Number(argv[++i]);
    else if (argv[i] === '--groups') options.groups = true;
    else if (argv[i] === '--match') options.match.push(argv[++i]);
    else options.paths.push(argv[i]);
  }
  return options;
}

function profilesIn(paths) {
  const files = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name.endsWith('.cpuprofile')) files.push(join(path, name));
    } else files.push(path);
  }
  return files;
}

/** The package or project part a frame belongs to. */
function packageOf(url, functionName) {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const inProject = projectPath(path);
  if (inProject === undefined) return path;
  const parts = inProject.replace(/\/dist\//, '/').split('/');
  return parts.slice(0, Math.min(3, parts.length - 1)).join('/') || inProject;
}

/** A path inside this checkout, or inside another one (BENCH_GATEWAY_ROOT), relative to its root; else undefined. */
function projectPath(path) {
  const inRoot = relative(ROOT, path);
  if (!inRoot.startsWith('..')) return inRoot;
  const match = /\/((?:gateway|chaincode|fixtures|bench)\/.*)$/.exec(path);
  return match ? match[1] : undefined;
}

function where(frame) {
  const url = frame.url.replace(/^file:\/\//, '');
  const modules = url.lastIndexOf('node_modules/');
  const path = modules >= 0 ? url.slice(modules) : (projectPath(url) ?? url);
  return path === '' ? '' : `${path}:${frame.lineNumber + 1}`;
}

function summarise(file, { top, match, from, to, groups }) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map(); // node id -> µs
  const { samples, timeDeltas } = profile;
  let at = 0; // µs since the profile started
  for (let i = 0; i < samples.length; i++) {
    at += timeDeltas[i];
    if (at < from * 1e6 || at > to * 1e6) continue;
    // timeDeltas[i] is the time before sample i; attribute the interval after a sample to it (next delta).
    const delta = timeDeltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + delta);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const key = (frame) => `${frame.functionName || '(anonymous)'}\u0000${where(frame)}`;
  const selfByFunction = new Map();
  const selfByPackage = new Map();
  const totalByFunction = new Map();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') idle += us;
    const k = key(frame);
    selfByFunction.set(k, (selfByFunction.get(k) ?? 0) + us);
    const pkg = packageOf(frame.url, frame.functionName);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + us);
    const seen = new Set();
    for (let up = id; up !== undefined; up = parent.get(up)) {
      const fk = key(byId.get(up).callFrame);
      if (seen.has(fk)) continue;
      seen.add(fk);
      totalByFunction.set(fk, (totalByFunction.get(fk) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const ms = (us) => (us / 1000).toFixed(0).padStart(7);
  const pct = (us) => `${((100 * us) / (busy || 1)).toFixed(1).padStart(5)}%`;
  const out = [];
  const window = from > 0 || to < Infinity ? ` (from ${from} s to ${to === Infinity ? 'the end' : `${to} s`})` : '';
  out.push(`${relative(process.cwd(), file)}${window}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / (total || 1)).toFixed(0)}%); shares below are of busy time`);
  if (groups) {
    // Node's own frames (sockets, streams, buffers, worker messages) count for the nearest caller that is not Node's:
    // a socket write under Express is the HTTP stack's, a LevelDB call under the ledger the ledger's. Stacks made of
    // Node frames only count as HTTP when they hold Node's HTTP server or parser, else as Node internals.
    const nodeOwn = (frame) => frame.url === '' || frame.url.startsWith('node:');
    const memo = new Map();
    const groupOfNode = (id) => {
      if (memo.has(id)) return memo.get(id);
      const leaf = byId.get(id).callFrame;
      let group;
      if (leaf.functionName.startsWith('(')) group = groupOf(leaf.functionName);
      else {
        let sawHttp = false;
        for (let up = id; up !== undefined && group === undefined; up = parent.get(up)) {
          const frame = byId.get(up).callFrame;
          if (frame.functionName === '(root)') break;
          if (/_http_|node:internal\/http|node:http/.test(frame.url)) sawHttp = true;
          if (!nodeOwn(frame)) group = groupOf(packageOf(frame.url, frame.functionName));
        }
        group ??= sawHttp ? GROUPS[0][0] : groupOf('node:internal');
      }
      memo.set(id, group);
      return group;
    };
    const byGroup = new Map();
    for (const [id, us] of selfUs) {
      if (byId.get(id).callFrame.functionName === '(idle)') continue;
      const group = groupOfNode(id);
      byGroup.set(group, (byGroup.get(group) ?? 0) + us);
    }
    out.push("  self time by part (Node's own frames counted for their caller)");
    for (const [name, us] of [...byGroup].sort((a, b) => b[1] - a[1])) out.push(`  ${ms(us)} ms ${pct(us)}  ${name}`);
  }
  out.push('  self time by package');
  for (const [pkg, us] of [...selfByPackage].filter(([pkg]) => pkg !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`  ${ms(us)} ms ${pct(us)}  ${pkg}`);
  const fn = (k) => {
    const [name, at] = k.split('\u0000');
    return `${name}${at ? `  ${at}` : ''}`;
  };
  out.push(`  top ${top} functions by self time`);
  for (const [k, us] of [...selfByFunction].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`  ${ms(us)} ms ${pct(us)}  ${fn(k)}`);
  out.push(`  top ${top} functions by total time (self + callees)`);
  for (const [k, us] of [...totalByFunction].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`  ${ms(us)} ms ${pct(us)}  ${fn(k)}`);
  for (const text of match) {
    out.push(`  total time of functions matching "${text}"`);
    for (const [k, us] of [...totalByFunction].filter(([k]) => k.includes(text)).sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`  ${ms(us)} ms ${pct(us)}  ${fn(k)}`);
  }
  return out.join('\n');
}

function main() {
  const options = args(process.argv.slice(2));
  if (options.paths.length === 0) {
    process.stderr.write('usage: node bench/profile-summary.js <file.cpuprofile | dir> [--top N] [--match TEXT]\n');
    process.exit(2);
  }
  for (const file of profilesIn(options.paths)) process.stdout.write(`${summarise(file, options)}\n\n`);
}

main();
