/**
 * No 5xx body carries a path or an internal message, on any route of the OpenAPI document. A full disk is injected
 * under every operation the document lists (the ledger's submit and evaluate fail as the embedded ledger fails on
 * EFBIG, and as a raw fs error), and under the real embedded ledger's block commit (LevelDB's IO error) for an e-seal
 * write and for the access record of a cross-region read — the path that leaked `…/ledger/000026.log: File too large`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { guapianRegistration } from '@dtl/fixtures';
import { demoApiKey, gatewayPrincipalIdFor } from './server-errors-support';
import { startTestGateway, TEST_COOPERATIVE, TEST_SECRET, type TestGateway } from '../../src/http/test-support';
import { WRITE_ROUTES, WRITE_TARGETS } from '../../src/http/capabilities';
import { openApiDocument } from '../../src/http/openapi';
import { LedgerError } from '../../src/ledger/errors';
import type { Ledger } from '../../src/ledger/ledger';
import { LedgerStore } from '../../src/ledger/embedded/store';
import { createServer } from '../../src/server';
import { creditEntriesCsv } from '../../src/import/credit-entries-csv';

type Fault = 'none' | 'writes' | 'everything';

describe('5xx bodies carry no path and no internal message', () => {
  let gateway: TestGateway;
  let server: Server;
  let base: string;
  let fault: Fault = 'none';
  let diskError: () => Error;
  const leaks = (dataDir: string): RegExp => new RegExp([dataDir, '/tmp', '000026', 'File too large', 'EFBIG', 'IO error', 'at ', '\\.ts', '\\.js'].map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, (c) => (c === '\\' ? c : `\\${c}`))).join('|'));

  beforeAll(async () => {
    gateway = await startTestGateway();
    const file = join(gateway.dataDir, 'ledger', '000026.log');
    const disk = (): LedgerError => new LedgerError('commit', 'UNAVAILABLE', `UNAVAILABLE: block commit failed: IO error: ${file}: File too large`);
    const raw = (): Error => Object.assign(new Error(`EFBIG: file too large, write '${file}'`), { code: 'EFBIG', path: file });
    let flip = 0;
    diskError = () => (flip++ % 2 === 0 ? disk() : raw());
    const real = gateway.ledger;
    const faulty = new Proxy(real, {
      get(target, prop) {
        if ((prop === 'submit' && fault !== 'none') || (prop !== 'submit' && prop !== 'kind' && fault === 'everything' && ['evaluate', 'height', 'block', 'transaction'].includes(String(prop)))) {
          return async () => {
            throw diskError();
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Ledger;
    gateway.keystore.setApiKey(gatewayPrincipalIdFor('shanghai'), demoApiKey(gatewayPrincipalIdFor('shanghai')));
    server = createServer({ ledger: faulty, keystore: gateway.keystore, jwtSecret: TEST_SECRET, publicRateLimitPerMinute: 100_000 }).listen(0, '127.0.0.1');
    await new Promise<void>((ok) => server.once('listening', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await new Promise<void>((done) => server.close(() => done()));
    await gateway.close();
  });

  async function token(department: string): Promise<string> {
    const res = await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: demoApiKey(department) }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  }

  function expectClean(status: number, text: string, where: string): void {
    expect({ where, status }).toEqual({ where, status: expect.any(Number) });
    expect(status).toBeGreaterThanOrEqual(500);
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
    if (leaks(gateway.dataDir).test(text)) throw new Error(`${where}: the ${status} body leaks an internal detail: ${text}`);
  }

  it('every write route of the OpenAPI document, with the disk full under the ledger', async () => {
    const samr = await token('sh-samr');
    const registrar = await token(gatewayPrincipalIdFor('shanghai'));
    const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    let routes = 0;
    let imports = 0;
    fault = 'writes';
    try {
      for (const [path, operations] of Object.entries(document.paths)) {
        if (operations.post === undefined || path.startsWith('/api/v1/auth/')) continue;
        const routePath = path.replace(/^\/api\/v1/, '').replace(/\{([A-Za-z]+)\}/g, ':$1');
        const url = `${base}${path.replace(/\{[A-Za-z]+\}/g, 'X-1')}`;
        if (routePath === '/departments/:departmentId/keys/eseal-rotation') {
          const res = await fetch(url.replace('X-1', 'sh-samr'), { method: 'POST', headers: { authorization: `Bearer ${samr}`, 'content-type': 'application/json' }, body: '{}' });
          expectClean(res.status, await res.text(), `POST ${path}`);
          routes++;
          continue;
        }
        if (routePath.startsWith('/import/')) {
          // Bulk import (issue 16): a CSV of two credit entries, submitted (and previewed) with the disk full.
          const res = await fetch(`${url}?type=credit.entry`, { method: 'POST', headers: { authorization: `Bearer ${samr}`, 'content-type': 'text/csv' }, body: creditEntriesCsv(2, 0, 9).csv });
          // The preview writes nothing (200 with the rows); the submit meets the full disk (a clean 5xx).
          if (routePath === '/import/preview') expect(res.status).toBe(200);
          else expectClean(res.status, await res.text(), `POST ${path}`);
          imports++;
          continue;
        }
        const route = WRITE_ROUTES.find((r) => r.path === routePath);
        if (!route) throw new Error(`no write route for ${path}`);
        for (const type of route.types) {
          const admin = WRITE_TARGETS[type]?.identity === 'admin';
          const record: Record<string, unknown> = { type, id: `fault-${type}`, department: admin ? 'sh-new-dept' : 'sh-samr', province: 'shanghai' };
          if (route.param) record[route.param.field] = route.param.field === 'department' ? 'sh-samr' : 'X-1';
          if (admin) record.signature = { algorithm: 'SM2-SM3', keyId: 'sh-new-dept#1', value: '00' };
          const res = await fetch(url.replace('X-1', route.param?.field === 'department' ? 'sh-samr' : 'X-1'), {
            method: 'POST',
            headers: { authorization: `Bearer ${admin ? registrar : samr}`, 'content-type': 'application/json' },
            body: JSON.stringify({ record }),
          });
          expectClean(res.status, await res.text(), `POST ${path} ${type}`);
        }
        routes++;
      }
    } finally {
      fault = 'none';
    }
    expect(routes).toBe(WRITE_ROUTES.length + 1);
    expect(imports).toBe(2);
  });

  it('every read route (and login) of the OpenAPI document, with the ledger failing under it', async () => {
    const samr = await token('sh-samr');
    const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    let operations = 0;
    fault = 'everything';
    await new Promise((resolve) => setTimeout(resolve, 2100)); // the registry cache (2 s) forgets sh-samr
    try {
      for (const [path, ops] of Object.entries(document.paths)) {
        if (ops.get === undefined && !path.startsWith('/api/v1/auth/token')) continue;
        if (path === '/openapi.json' || path === '/metrics') continue;
        // The read model's routes answer from its own database, not the ledger (this server has none: 404).
        if (path.startsWith('/api/v1/index/')) continue;
        // So do the public lists and search (issue 17); a public subject is named by a credit code.
        if (/^\/api\/v1\/public\/(credit\/(search|lists|announcements)|tenders$)/.test(path)) continue;
        const url = `${base}${path.replace('{format}', 'png').replace('{subject}', '91330110MA27H8Q404').replace(/\{[A-Za-z]+\}/g, 'X-1')}${path.includes('/verify') ? `?digest=${'a'.repeat(64)}` : path.includes('check') ? '?action=bid' : path === '/api/v1/licences' ? '?holder=X' : path === '/api/v1/sharing/requests' || path === '/api/v1/sharing/grants' ? '?owner=sh-samr' : ''}`;
        const res =
          path === '/api/v1/auth/token'
            ? await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: demoApiKey('sh-samr') }) })
            : await fetch(url, { headers: { authorization: `Bearer ${samr}`, 'x-dtl-purpose': encodeURIComponent('执法协查') } });
        const text = await res.text();
        // Login may be answered from the registry cache; every other operation reaches the failing ledger.
        if (res.status >= 500) {
          expectClean(res.status, text, `GET ${path}`);
          operations++;
        } else if (path !== '/api/v1/auth/token' && path !== '/healthz') throw new Error(`GET ${path} answered ${res.status} with the ledger failing: ${text.slice(0, 200)}`);
      }
    } finally {
      fault = 'none';
    }
    expect(operations).toBeGreaterThan(20);
  });

  it('the real embedded ledger on a full disk: an e-seal write and the access record of a cross-region read', async () => {
    const producer = await token(TEST_COOPERATIVE.id);
    const batch = { ...guapianRegistration('fault-reg-1', 'FAULT-B1'), department: TEST_COOPERATIVE.id };
    const ok = await fetch(`${base}/api/v1/batches`, { method: 'POST', headers: { authorization: `Bearer ${producer}`, 'content-type': 'application/json' }, body: JSON.stringify({ record: batch }) });
    expect(ok.status).toBe(201);
    const reader = await token('zj-hz-sjj');
    const file = join(gateway.dataDir, 'ledger', '000026.log');
    const spy = jest.spyOn(LedgerStore.prototype, 'commitBatch').mockRejectedValue(Object.assign(new Error(`IO error: ${file}: File too large`), { code: 'LEVEL_IO_ERROR' }));
    try {
      const write = await fetch(`${base}/api/v1/batches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${producer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ record: { ...guapianRegistration('fault-reg-2', 'FAULT-B2'), department: TEST_COOPERATIVE.id } }),
      });
      expectClean(write.status, await write.text(), 'POST /batches (commit fails)');
      const read = await fetch(`${base}/api/v1/batches/FAULT-B1`, { headers: { authorization: `Bearer ${reader}`, 'x-dtl-purpose': encodeURIComponent('市场监管协查') } });
      const text = await read.text();
      expectClean(read.status, text, 'GET /batches/:id (access record commit fails)');
      expect(text).toContain('ACCESS_RECORD_UNAVAILABLE');
    } finally {
      spy.mockRestore();
    }
    const after = await fetch(`${base}/api/v1/batches/FAULT-B1`, { headers: { authorization: `Bearer ${reader}`, 'x-dtl-purpose': encodeURIComponent('市场监管协查') } });
    // The disk has room again: the read is decided again (allowed or refused by the grant rules, not a 5xx).
    expect(after.status).toBeLessThan(500);
  });
});
