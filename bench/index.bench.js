#!/usr/bin/env node
'use strict';
/**
 * npm run bench:index — the read model at scale, SQLite and PostgreSQL side by side (prints; not a timed test).
 *   1. indexes DTL_BENCH_TX transactions (default 1,000,000) from blocks: the blocks are BlockViews as the Ledger
 *      port returns them (gateway/src/read-model/synthetic-chain.ts), 100 transactions each; timed is the projection
 *      and the database writes (ReadModelWriter.apply), in batches of 200 blocks per database transaction;
 *   2. index size on disk (SQLite: file + WAL; PostgreSQL: pg_total_relation_size of the rm_ tables);
 *   3. p50/p99 of list, filter and Chinese-name search queries (DTL_BENCH_QUERIES each, default 300), as the API
 *      runs them (ReadModelQueries with a caller's scope).
 * PostgreSQL is a throwaway cluster from scripts/postgres.sh on 127.0.0.1 (or DTL_TEST_POSTGRES_URL).
 * DTL_BENCH_DB=sqlite|postgres runs one only. The machine's load average is printed with the figures.
 */
// The chaincode package (its closed value sets) loads fabric-contract-api, which logs every decorator at INFO.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'CRITICAL';
const { mkdtempSync, rmSync } = require('node:fs');
const { loadavg, tmpdir, cpus } = require('node:os');
const { join } = require('node:path');
const dist = join(__dirname, '..', 'gateway', 'dist', 'src', 'read-model');
const { openReadModelDatabase } = require(join(dist, 'database.js'));
const { ReadModelWriter } = require(join(dist, 'writer.js'));
const { ReadModelQueries } = require(join(dist, 'queries.js'));
const { LISTS, NAME_KINDS } = require(join(dist, 'lists.js'));
const { syntheticChain, companyName } = require(join(dist, 'synthetic-chain.js'));
const { scopeFor } = require(join(dist, 'visibility.js'));
const { startPostgres } = require(join(dist, 'test-databases.js'));

const TX = Number(process.env.DTL_BENCH_TX || 1_000_000);
const QUERIES = Number(process.env.DTL_BENCH_QUERIES || 300);
const only = process.env.DTL_BENCH_DB;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(label, count, run) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function bench(dialect) {
  let location;
  let postgres;
  let dir;
  if (dialect === 'postgres') {
    postgres = await startPostgres();
    location = await postgres.createDatabase('dtl_bench_index');
  } else {
    dir = mkdtempSync(join(tmpdir(), 'dtl-bench-index-'));
    location = join(dir, 'read-model.sqlite');
  }
  const database = await openReadModelDatabase(location);
  try {
    const writer = await ReadModelWriter.open(database);
    const load = loadavg()[0];
    let indexMs = 0;
    let batch = [];
    let transactions = 0;
    const flush = async () => {
      const start = process.hrtime.bigint();
      await writer.apply(batch);
      indexMs += Number(process.hrtime.bigint() - start) / 1e6;
      batch = [];
    };
    for (const block of syntheticChain({ transactions: TX, perBlock: 100 })) {
      batch.push(block);
      transactions += block.transactions.length;
      if (batch.length === 200) {
        await flush();
        if (transactions % 200_000 === 0) process.stderr.write(`  ${dialect}: ${transactions} transactions indexed\n`);
      }
    }
    if (batch.length > 0) await flush();
    if (dialect === 'postgres') await require('kysely').sql`ANALYZE`.execute(database.db);
    const size = await database.sizeBytes();
    const queries = new ReadModelQueries(database.db, database.dialect);
    const spec = (path) => LISTS.find((l) => l.path === path);
    const regulator = { id: 'an-d1', province: 'anhui', roles: ['regulator'] };
    const provinces = ['shanghai', 'jiangsu', 'zhejiang', 'anhui'];
    const categories = ['serious-illegal-dishonesty', 'court-judgement-defaulter', 'major-tax-violation', 'food-drug-safety', 'environmental-violation'];
    const results = [];
    results.push(await timed('list: credit entries, newest 20', QUERIES, () => queries.list(spec('credit-entries'), { filters: {}, order: 'newest', limit: 20 }, scopeFor(regulator, 'credit'))));
    let cursor;
    results.push(await timed('list: next page (keyset cursor)', QUERIES, async () => {
      const page = await queries.list(spec('licences'), { filters: {}, order: 'newest', limit: 20, cursor }, scopeFor(regulator, 'licence'));
      cursor = page.nextCursor ?? undefined;
    }));
    results.push(await timed('filter: black list × category × province', QUERIES, (i) => {
      const province = provinces[i % 4];
      return queries.list(spec('credit-entries'), { filters: { list: 'black', category: categories[i % categories.length], province }, order: 'newest', limit: 20 }, scopeFor({ ...regulator, province }, 'credit'));
    }));
    results.push(await timed('filter: access records by owner', QUERIES, (i) => queries.list(spec('access'), { filters: { owner: `an-d${i % 6}` }, order: 'newest', limit: 20 }, scopeFor({ id: 'x', province: 'anhui', roles: ['auditor'] }, 'access'))));
    results.push(await timed('search: Chinese company name (4-10 chars)', QUERIES, (i) => {
      const name = companyName((i * 7919) % 160_000);
      const text = i % 2 === 0 ? name.slice(0, 4) : name.slice(2, 10);
      return queries.search(text, { kinds: Object.keys(NAME_KINDS), provinceScope: ['anhui'], limit: 20 });
    }));
    results.push(await timed('audit: province × province matrix', Math.max(20, QUERIES / 10), () => queries.accessMatrix({}, { kind: 'all' })));
    return { dialect, transactions, indexMs, size, load, results };
  } finally {
    await database.close();
    if (postgres) await postgres.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

(async () => {
  const dialects = only ? [only] : ['sqlite', 'postgres'];
  const runs = [];
  for (const dialect of dialects) runs.push(await bench(dialect));
  const fmt = (n) => n.toFixed(2).padStart(9);
  console.log(`\nbench:index — ${TX.toLocaleString('en')} transactions, ${cpus().length} cores, Node ${process.version}`);
  console.log(`load average (1 min) at start of each run: ${runs.map((r) => `${r.dialect} ${r.load.toFixed(2)}`).join(', ')}; now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${''.padEnd(44)}${runs.map((r) => r.dialect.padStart(22)).join('')}`);
  console.log(`${'indexed (tx/s, projection + writes)'.padEnd(44)}${runs.map((r) => `${Math.round(r.transactions / (r.indexMs / 1000)).toLocaleString('en')} tx/s`.padStart(22)).join('')}`);
  console.log(`${'indexing time (s)'.padEnd(44)}${runs.map((r) => (r.indexMs / 1000).toFixed(1).padStart(22)).join('')}`);
  console.log(`${'index size on disk (MiB)'.padEnd(44)}${runs.map((r) => (r.size / 1048576).toFixed(1).padStart(22)).join('')}`);
  const labels = runs[0].results.map((r) => r.label);
  console.log(`${'query (ms)'.padEnd(44)}${runs.map(() => '      p50       p99').join('    ')}`);
  for (const [i, label] of labels.entries()) console.log(`${label.padEnd(44)}${runs.map((r) => `${fmt(r.results[i].p50)} ${fmt(r.results[i].p99)}`).join('    ')}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
