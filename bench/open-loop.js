'use strict';
/**
 * An open-loop load generator: requests leave at evenly spaced instants (rate per second) whether or not earlier ones
 * have been answered, over an undici keep-alive pool, and each latency is measured from the instant the request was
 * due — so a stalled server shows up in the percentiles instead of slowing the generator down (no coordinated
 * omission). autocannon's fixed-rate mode is not used for latency: it sends each second's quota as a burst at the
 * start of the second and corrects with a 1 ms expected interval, which makes its percentiles meaningless.
 */
const { performance } = require('node:perf_hooks');
const { Pool } = require('undici');

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Offers `rate` requests/s for `seconds` to `origin`; `request(i)` gives undici request options ({ path, method,
 * headers, body }). Resolves with { offered, ok, failed, statuses, seconds, perSecond, p50, p99, p999, max } (ms).
 */
async function openLoop({ origin, rate, seconds, request, expectedStatus = 200, connections = 256 }) {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.round(rate * seconds);
  const latencies = [];
  const statuses = {};
  let failed = 0;
  const pending = [];
  const started = performance.now();
  const fire = (index, dueAt) =>
    pool
      .request(request(index))
      .then(async (res) => {
        await res.body.dump();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode === expectedStatus) latencies.push(performance.now() - dueAt);
        else failed++;
      })
      .catch(() => {
        failed++;
      });
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) / 1000) * rate) + 1);
    for (; sent < due; sent++) pending.push(fire(sent, started + (sent / rate) * 1000));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    offered: total,
    ok: latencies.length,
    failed,
    statuses,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

module.exports = { openLoop };
