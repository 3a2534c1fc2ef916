/**
 * HTTP fuzzer driven by the gateway's own OpenAPI document (GET /openapi.json). For every operation it sends
 * malformed, oversized, wrongly-typed, unicode-edge and injection-shaped inputs — fast-check arbitraries derived from
 * the document's parameters and schemas, mutations of valid signed records, and a fixed corpus of hostile bodies —
 * over a raw HTTP client (no URL normalisation) to a createServer on 127.0.0.1 over the real embedded ledger.
 *
 * Asserted: never a 5xx, never a hang (per-request timeout), every refusal is JSON `{ error: { code, message } }`;
 * afterwards the chain verifies, every new transaction is either an accepted write (201, txId known) or an access
 * record the gateway wrote for a cross-region read, and no refused record id exists on the ledger (no partial write).
 *
 *   DTL_FUZZ_RUNS   inputs per operation (default 120; the figures in HARDENING.md use 1000)
 *   DTL_FUZZ_SEED   fast-check seed (default: random, printed in the figures)
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { signRecord } from '@dtl/chaincode/crypto';
import { TEST_SECRET, startTestGateway, type TestGateway } from '../../src/http/test-support';
import { LEDGER_DB_DIR } from '../../src/ledger/embedded/embedded-ledger';
import { readLedgerPublicKey } from '../../src/ledger/embedded/ledger-key';
import { verifyChain } from '../../src/ledger/embedded/verify';
import { createServer } from '../../src/server';
import { recordFigures } from './figures';

const RUNS = Number(process.env.DTL_FUZZ_RUNS ?? 120);
const SEED = Number(process.env.DTL_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TIMEOUT_MS = 10_000;
const CONCURRENCY = 8;
const PRINCIPAL = 'sh-samr';
const CODE = '91310115MA1FL6X20M';

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly params: ReadonlyArray<{ name: string; in: string; schema?: { type?: string; enum?: string[] } }>;
  readonly secured: boolean;
  readonly types: readonly string[];
}

interface Probe {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  /** Record id of a submit, to check afterwards that a refused one left nothing. */
  readonly recordId?: string;
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(base: URL, probe: Probe): Promise<Answer | 'timeout' | 'client-refused'> {
  return new Promise((resolve) => {
    let req: http.ClientRequest;
    try {
      req = http.request({ host: base.hostname, port: base.port, method: probe.method.toUpperCase(), path: probe.path, headers: probe.headers, agent, timeout: TIMEOUT_MS });
    } catch {
      resolve('client-refused'); // e.g. a path or header Node's own client will not send
      return;
    }
    const timer = setTimeout(() => {
      req.destroy();
      resolve('timeout');
    }, TIMEOUT_MS);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', () => {
        clearTimeout(timer);
        resolve('timeout');
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ERR_INVALID_CHAR' || error.code === 'ERR_UNESCAPED_CHARACTERS' ? 'client-refused' : 'timeout');
    });
    req.end(probe.body);
  });
}

// ---- arbitraries ------------------------------------------------------------------------------------------------

const EDGE_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  '9007199254740993',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '..',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  '%00',
  '\u0000',
  '\u0007',
  '\r\nSet-Cookie: x=1',
  '\u202e',
  '\ufeff',
  '\u200b',
  'é',
  'e\u0301',
  '𠜎𠜎',
  '👩‍👩‍👧‍👦',
  '中文编号',
  "' OR '1'='1",
  '"; DROP TABLE x; --',
  '{"$gt":""}',
  '$(reboot)',
  '`id`',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '%s%s%s%n',
  '__proto__',
  'constructor',
  'prototype',
  'x'.repeat(129),
  'x'.repeat(5000),
  'LA-GP-2024-001',
  'JY13101150012345',
  CODE,
  `org:${CODE}`,
  'sh-samr',
  'sh-samr#1',
  'reg-sh-samr',
];

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates become U+FFFD, as on the wire). */
function pct(text: string, keep: RegExp = /[A-Za-z0-9\-_.!~*'()]/): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && keep.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const edgeString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:#-]{1,140}$/) },
  { weight: 1, arbitrary: fc.nat().map(String) },
);

/** Path segment: usually percent-encoded, sometimes raw (what a hostile client might put on the wire). */
const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: edgeString.map((s) => pct(s)) },
  { weight: 1, arbitrary: edgeString.map((s) => pct(s, /[\x21-\x7e]/)) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%C0%AE', '%ED%A0%80', '%FF', '%E4%B8', '%2e%2e', '..%2f', '%252f', '%u002e') },
);

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: edgeString },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 1e308, -0, 2 ** 53 + 2, null, true, false, [], {}) },
);

function unsignedSample(type: string, id: string): Record<string, unknown> {
  switch (type) {
    case 'credit.entry':
      return { type, id, department: PRINCIPAL, list: 'black', subject: { kind: 'organisation', creditCode: CODE, name: '上海浦江示范贸易有限公司' }, category: 'public-resource-trading-fraud', legalBasis: '《招标投标法》第五十三条', measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z' };
    case 'licence.issue':
      return { type, id, department: PRINCIPAL, number: `JY${id.replace(/[^0-9A-Za-z]/g, '').slice(-14).padStart(14, '0')}`, licenceType: 'food-business', holder: { kind: 'organisation', creditCode: CODE, name: '上海某餐饮管理有限公司' }, title: '食品经营许可证', validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z', fileDigest: 'ab'.repeat(32) };
    case 'sharing.catalogue':
      return { type, id, department: PRINCIPAL, resourceId: `res-${id}`, family: 'licence', title: '电子证照', description: '证照核验', mode: 'unconditional' };
    default:
      return { type, id, department: PRINCIPAL };
  }
}

type Path = Array<string | number>;
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const next = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(next);
      paths(child, next, out);
    }
  }
  return out;
}

function mutateAt(record: Record<string, unknown>, path: Path, replacement: unknown, remove: boolean): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove && Array.isArray(node)) node.splice(last as number, 1);
  else if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

const FIXED_BODIES: ReadonlyArray<[string, Buffer | string]> = [
  ['application/json', ''],
  ['application/json', '{'],
  ['application/json', 'null'],
  ['application/json', '[]'],
  ['application/json', '"record"'],
  ['application/json', '123'],
  ['application/json', '{"record":null}'],
  ['application/json', '{"record":[]}'],
  ['application/json', '{"record":{"type":"credit.entry","id":"a","department":"sh-samr"},"record":{"type":"x"}}'],
  ['application/json', '{"__proto__":{"isAdmin":true},"record":{"type":"credit.entry","id":"p","department":"sh-samr"}}'],
  ['application/json', '{"record":{"type":"credit.entry","id":"p","department":"sh-samr","constructor":{"prototype":{"polluted":1}}}}'],
  ['application/json', `{"record":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ['application/json', `{"record":{"type":"credit.entry","id":"deep","department":"sh-samr","x":${'['.repeat(120_000)}${']'.repeat(120_000)}}}`],
  ['application/json', `{"record":{"type":"credit.entry","id":"wide","department":"sh-samr","x":{${Array.from({ length: 15_000 }, (_, i) => `"k${i}":${i}`).join(',')}}}}`],
  ['application/json', `{"record":{"type":"credit.entry","id":"many","department":"sh-samr"},"transient":{${Array.from({ length: 10_000 }, (_, i) => `"t${i}":"v"`).join(',')}}}`],
  ['application/json', `{"record":{"type":"credit.entry","id":"big","department":"sh-samr","legalBasis":"${'法'.repeat(90_000)}"}}`],
  ['application/json', `{"record":{"type":"credit.entry","id":"huge","department":"sh-samr","x":"${'a'.repeat(300 * 1024)}"}}`],
  ['application/json', Buffer.from([0x7b, 0x22, 0x72, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d])],
  ['application/json', '\ufeff{"record":{"type":"credit.entry","id":"bom","department":"sh-samr"}}'],
  ['application/json', '{"record":{"type":"credit.entry","id":"\\ud800","department":"sh-samr"}}'],
  ['application/json', '{"record":{"type":"credit.entry","id":"n","department":"sh-samr","validFrom":1e999}}'],
  ['application/json; charset=utf-16', '{"record":{}}'],
  ['application/json; charset=latin1', '{"record":{}}'],
  ['text/plain', '{"record":{"type":"credit.entry","id":"t","department":"sh-samr"}}'],
  ['application/x-www-form-urlencoded', 'record[type]=credit.entry&record[id]=f&record[department]=sh-samr'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="record"\r\n\r\n{}\r\n--x--'],
  ['application/xml', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'],
  ['application/merge-patch+json', '{"record":{"type":"credit.entry","id":"m","department":"sh-samr"}}'],
];

// ---- the suite ---------------------------------------------------------------------------------------------------

describe('HTTP fuzzer driven by GET /openapi.json', () => {
  let gw: TestGateway;
  let server: http.Server;
  let base: URL;
  let token: string;
  let gatewayToken: string;
  /** An Anhui department: its reads of Shanghai data are cross-region (access records, grants). */
  let otherToken: string;
  let operations: Operation[];
  let startHeight: number;

  beforeAll(async () => {
    gw = await startTestGateway();
    server = createServer({ ledger: gw.ledger, keystore: gw.keystore, jwtSecret: TEST_SECRET, logger: pino({ level: 'silent' }), publicRateLimitPerMinute: 1e9, rateLimits: { departmentPerMinute: 1e9, loginFailuresPerMinute: 1e9, loginSuccessesPerMinute: 1e9 } }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    token = await gw.token(PRINCIPAL);
    gatewayToken = await gw.token('sh-gateway').catch(() => token);
    otherToken = await gw.token('ah-la-hs-nyj');
    const doc = await send(base, { method: 'get', path: '/openapi.json', headers: {} });
    if (typeof doc === 'string' || doc.status !== 200) throw new Error('no OpenAPI document');
    const document = JSON.parse(doc.text) as { paths: Record<string, Record<string, { parameters?: Operation['params']; security?: unknown[]; description?: string }>> };
    operations = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (method !== 'get' && method !== 'post') continue;
        const types = /Accepts record types: ([^.]+)\./.exec(op.description ?? '')?.[1]?.split(', ') ?? [];
        operations.push({ method, path, params: op.parameters ?? [], secured: (op.security ?? []).length > 0, types });
      }
    }
    startHeight = await gw.ledger.height();
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    server?.close();
    await gw?.close();
  });

  it(`sends ${RUNS} hostile inputs to every operation: no 5xx, no hang, JSON errors; then the chain verifies and only accepted writes changed the state`, async () => {
    expect(operations.length).toBeGreaterThan(30);
    const authHeader = fc.oneof(
      { weight: 10, arbitrary: fc.constant<string | undefined>('principal') },
      { weight: 2, arbitrary: fc.constant<string | undefined>('other-province') },
      { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
      { weight: 1, arbitrary: fc.constantFrom<string | undefined>('Bearer ', 'Bearer x.y.z', 'Basic YTpi', `Bearer ${'A'.repeat(9000)}`) },
    );
    const extraHeaders = fc.record(
      {
        'x-dtl-purpose': fc.oneof(edgeString.map((s) => pct(s)), fc.constantFrom('%E0%A4%A', '%', '%ZZ')),
        'x-dtl-grant': edgeString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        'x-request-id': edgeString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        accept: fc.constantFrom('application/json', '*/*', 'text/html', 'application/xml'),
      },
      { requiredKeys: [] },
    );

    function probeFor(op: Operation): fc.Arbitrary<Probe> {
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const pathArb = fc.tuple(...pathParams.map((p) => (p.schema?.enum ? fc.oneof(fc.constantFrom(...p.schema.enum), pathSegment) : pathSegment)));
      const queryArb = fc.array(
        fc.tuple(fc.oneof(fc.constantFrom(...queryParams.map((q) => q.name), '__proto__', 'limit', 'from', 'a[b]', 'digest'), fc.string({ maxLength: 6 })), edgeString),
        { maxLength: 4 },
      );
      const recordType = op.types.length > 0 ? fc.oneof(fc.constantFrom(...op.types), edgeString) : edgeString;
      const recordId = fc.oneof(fc.stringMatching(/^fz-[A-Za-z0-9._:-]{1,20}$/), edgeString);
      const schemaBody = fc
        .record({
          type: recordType,
          id: recordId,
          department: fc.oneof({ weight: 4, arbitrary: fc.constant(PRINCIPAL) }, { weight: 1, arbitrary: edgeString }),
          extra: fc.dictionary(fc.oneof(edgeString, fc.constantFrom('signature', 'subject', 'list', 'measures', 'validFrom', 'key', 'tenderId', 'batchId')), jsonValue, { maxKeys: 4 }),
          transient: fc.option(fc.dictionary(edgeString, fc.oneof(edgeString, jsonValue.map((v) => JSON.stringify(v) ?? '')), { maxKeys: 2 }), { nil: undefined }),
        })
        .map(({ type, id, department, extra, transient }) => ({ recordId: id, body: { record: { ...extra, type, id, department }, ...(transient === undefined ? {} : { transient }) } }));
      const mutatedBody = fc
        .tuple(fc.constantFrom('credit.entry', 'licence.issue', 'sharing.catalogue'), fc.stringMatching(/^fz-[a-z0-9]{1,12}$/), fc.boolean(), fc.nat(), jsonValue, fc.boolean())
        .map(([type, id, signIt, pick, replacement, remove]) => {
          const held = gw.keystore.keyFor(PRINCIPAL);
          const sample = unsignedSample(type, id);
          const all = paths(sample);
          const mutated = pick % 4 === 0 ? sample : mutateAt(sample, all[pick % all.length] as Path, replacement, remove);
          const record = signIt && held ? signRecord(mutated, { privateKey: held.privateKey, keyId: held.keyId }) : mutated;
          return { recordId: typeof mutated.id === 'string' ? mutated.id : id, body: { record } };
        });
      const bodyArb: fc.Arbitrary<{ contentType: string; body: Buffer | undefined; recordId?: string }> =
        op.method === 'get'
          ? fc.constant({ contentType: '', body: undefined })
          : fc.oneof(
              { weight: 4, arbitrary: schemaBody.map((b) => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(b.body)), recordId: b.recordId })) },
              { weight: 3, arbitrary: mutatedBody.map((b) => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(b.body)), recordId: b.recordId })) },
              { weight: 1, arbitrary: jsonValue.map((v) => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(v) ?? 'null') })) },
              { weight: 1, arbitrary: fc.constantFrom(...FIXED_BODIES).map(([contentType, body]) => ({ contentType, body: Buffer.from(body) })) },
            );
      return fc.tuple(pathArb, queryArb, bodyArb, authHeader, extraHeaders).map(([segments, query, body, auth, extra]) => {
        let i = 0;
        const path = op.path.replace(/\{[A-Za-z]+\}/g, () => segments[i++] ?? '');
        const qs = query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
        const headers: Record<string, string> = { ...(extra as Record<string, string>) };
        if (auth === 'principal') headers.authorization = `Bearer ${op.path.startsWith('/api/v1/departments') && op.method === 'post' ? gatewayToken : token}`;
        else if (auth === 'other-province') headers.authorization = `Bearer ${otherToken}`;
        else if (auth !== undefined) headers.authorization = auth;
        if (body.body !== undefined) {
          headers['content-type'] = body.contentType;
          headers['content-length'] = String(body.body.length);
        }
        return { method: op.method, path: qs === '' ? path : `${path}?${qs}`, headers, ...(body.body === undefined ? {} : { body: body.body }), ...(body.recordId === undefined ? {} : { recordId: body.recordId }) };
      });
    }

    let tried = 0;
    let serverErrors = 0;
    let hangs = 0;
    let clientRefused = 0;
    let notJson = 0;
    let accepted = 0;
    const statuses: Record<string, number> = {};
    const samples: string[] = [];
    const acceptedTxIds = new Set<string>();
    const acceptedIds = new Set<string>();
    const refusedIds = new Set<string>();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    const started = Date.now();
    try {
      for (const [index, op] of operations.entries()) {
        const probes = fc.sample(probeFor(op), { numRuns: RUNS, seed: SEED + index });
        if (op.method === 'post') {
          // The whole fixed corpus once per write operation, with a valid token, besides the random draws.
          const path = op.path.replace(/\{[A-Za-z]+\}/g, 'fz-path');
          const authorization = `Bearer ${op.path.startsWith('/api/v1/departments') ? gatewayToken : token}`;
          for (const [contentType, body] of FIXED_BODIES) {
            const bytes = Buffer.from(body);
            probes.push({ method: 'post', path, headers: { authorization, 'content-type': contentType, 'content-length': String(bytes.length) }, body: bytes });
          }
        }
        for (let k = 0; k < probes.length; k += CONCURRENCY) {
          await Promise.all(
            probes.slice(k, k + CONCURRENCY).map(async (probe) => {
              const answer = await send(base, probe);
              if (answer === 'client-refused') {
                clientRefused++;
                return;
              }
              tried++;
              if (answer === 'timeout') {
                hangs++;
                if (samples.length < 20) samples.push(`HANG ${probe.method} ${probe.path.slice(0, 200)}`);
                return;
              }
              statuses[String(answer.status)] = (statuses[String(answer.status)] ?? 0) + 1;
              if (answer.status >= 500) {
                serverErrors++;
                if (samples.length < 20) samples.push(`${answer.status} ${probe.method} ${probe.path.slice(0, 200)} ${probe.body?.toString('utf8').slice(0, 300) ?? ''} → ${answer.text.slice(0, 200)}`);
                return;
              }
              if (answer.status >= 400) {
                let ok = false;
                try {
                  const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
                  ok = /application\/json/.test(String(answer.headers['content-type'])) && typeof body.error?.code === 'string' && typeof body.error?.message === 'string';
                } catch {
                  ok = false;
                }
                if (!ok) {
                  notJson++;
                  if (samples.length < 20) samples.push(`NOT JSON ${answer.status} ${probe.method} ${probe.path.slice(0, 200)} → ${answer.text.slice(0, 200)}`);
                }
                if (probe.recordId !== undefined) refusedIds.add(probe.recordId);
                return;
              }
              if (probe.method === 'post' && answer.status === 201) {
                accepted++;
                const body = JSON.parse(answer.text) as { receipt: { txId: string; id: string } };
                acceptedTxIds.add(body.receipt.txId);
                acceptedIds.add(body.receipt.id);
              }
            }),
          );
        }
      }
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    const seconds = (Date.now() - started) / 1000;

    // No partial writes: a refused record id is nowhere on the ledger (unless the same id was accepted elsewhere).
    let refusedChecked = 0;
    for (const id of refusedIds) {
      // (Only the fuzzer's own fresh ids: the corpus also names records that existed before, such as reg-sh-samr.)
      if (acceptedIds.has(id) || !/^fz-[A-Za-z0-9._:-]{1,125}$/.test(id)) continue;
      refusedChecked++;
      await expect(gw.ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'department', transaction: 'getRecord', args: [id] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    // Every new transaction is an accepted write or an access record of a cross-region read.
    const height = await gw.ledger.height();
    let newTransactions = 0;
    let accessRecords = 0;
    const unexplained: string[] = [];
    for (let n = startHeight; n < height; n++) {
      const block = await gw.ledger.block(n);
      for (const tx of block?.transactions ?? []) {
        newTransactions++;
        if (tx.validationCode !== 'VALID') continue;
        if (acceptedTxIds.has(tx.txId)) continue;
        if (tx.contract === 'sharing' && tx.transaction === 'recordAccess') {
          accessRecords++;
          continue;
        }
        unexplained.push(`${tx.txId} ${tx.contract}:${tx.transaction}`);
      }
    }
    await gw.ledger.close();
    const verification = await verifyChain(join(gw.dataDir, LEDGER_DB_DIR), readLedgerPublicKey(gw.dataDir));

    recordFigures('fuzz', {
      seed: SEED,
      runsPerOperation: RUNS,
      operations: operations.length,
      requestsTried: tried,
      serverErrors,
      hangs,
      refusalsNotJson: notJson,
      clientRefusedToSend: clientRefused,
      acceptedWrites: accepted,
      accessRecordsWritten: accessRecords,
      refusedRecordIdsCheckedAbsent: refusedChecked,
      newTransactions,
      unexplainedTransactions: unexplained.length,
      unhandledRejections: unhandled.length,
      statuses,
      chainVerified: verification.ok,
      heightBefore: startHeight,
      heightAfter: verification.height,
      seconds,
      samples,
    });
    expect(samples).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(hangs).toBe(0);
    expect(notJson).toBe(0);
    expect(unhandled).toEqual([]);
    expect(unexplained).toEqual([]);
    expect(verification.problems).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(operations.length * RUNS);
  }, 600_000);
});
