/**
 * The leak suite (issue 12), one implementation for both ledgers: it writes records carrying a unique canary string
 * in each classification through the gateway's own HTTP API (as the departments that own them), then, as one
 * department for every role of every province and anonymously, calls every GET route of the OpenAPI document and
 * every data call the explorer makes (path parameters filled from the canary records), and searches every response
 * byte (body and headers) for canaries. A canary seen by an identity that may not read it is a leak.
 *
 * Generic on purpose: routes come from `openApiDocument()` and from the explorer's sources at run time, so a route
 * added later is swept without editing this file. A route parameter whose name is unknown here is filled with every
 * canary value.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { personDigest } from '@dtl/chaincode';
import { sm3Hex } from '@dtl/chaincode/crypto';
import { COMPANIES } from '@dtl/fixtures';
import { demoApiKey } from '../../src/keystore/bootstrap';
import { openApiDocument } from '../../src/http/openapi';

export type CanaryKind = 'public' | 'unconditional' | 'conditional-no-grant' | 'conditional-grant' | 'not-shared' | 'not-catalogued' | 'personal' | 'access-purpose';

export interface Identity {
  readonly label: string;
  readonly department?: string;
  readonly province?: string;
  readonly roles: readonly string[];
  readonly token?: string;
}

export interface Canary {
  readonly kind: CanaryKind;
  readonly text: string;
  /** Who may see it (the rules, stated independently of the gateway's policy module). */
  readonly mayRead: (identity: Identity) => boolean;
}

export interface PlantedCanaries {
  readonly canaries: readonly Canary[];
  /** Values to fill route parameters with, by parameter name. */
  readonly values: Readonly<Record<string, readonly string[]>>;
  /** Every value (for parameters with unknown names). */
  readonly pool: readonly string[];
  /** The block numbers the canaries (and the granted read's access record) went into, and the next ones. */
  readonly blocks: readonly string[];
  /** The grantee's read under the grant: status and how many access records it wrote. */
  readonly grantedRead: { readonly status: number; readonly accessRecords: readonly string[] };
}

export interface RouteTemplate {
  /** e.g. /api/v1/blocks/{number} */
  readonly path: string;
  readonly source: 'openapi' | 'explorer';
  readonly pathParams: readonly string[];
  readonly queryParams: ReadonlyArray<{ readonly name: string; readonly enum?: readonly string[] }>;
  readonly enums: Readonly<Record<string, readonly string[]>>;
}

export interface Leak {
  readonly url: string;
  readonly identity: string;
  readonly canary: CanaryKind;
  readonly status: number;
}

export interface LeakReport {
  readonly routes: number;
  readonly identities: number;
  readonly requests: number;
  readonly leaks: readonly Leak[];
  /** Canary kind → how many responses showed it to an identity allowed to see it (proves the search finds them). */
  readonly seenWhereAllowed: Readonly<Record<string, number>>;
  readonly statuses: Readonly<Record<string, number>>;
}

const PURPOSE = encodeURIComponent('泄露测试');

/** A valid 18-digit resident id (ISO 7064 MOD 11-2) with a random sequence: the personal canary. */
export function residentId(random: () => number = Math.random): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first = `34118219${String(70 + Math.floor(random() * 29))}0${1 + Math.floor(random() * 9)}1${Math.floor(random() * 9)}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first.charAt(i)) * (weights[i] ?? 0);
  return first + '10X98765432'.charAt(sum % 11);
}

async function token(app: Express, department: string): Promise<string | undefined> {
  const res = await request(app).post('/api/v1/auth/token').send({ apiKey: demoApiKey(department) });
  return res.status === 200 ? (res.body as { token: string }).token : undefined;
}

/** One department for every (province, role) in the registry, plus an anonymous caller. */
export async function identities(app: Express, asDepartment: string): Promise<Identity[]> {
  const bearer = await token(app, asDepartment);
  const res = await request(app).get('/api/v1/departments').set('Authorization', `Bearer ${bearer ?? ''}`);
  if (res.status !== 200) throw new Error(`departments: ${res.status}`);
  const departments = res.body as Array<{ id: string; province: string; roles: string[] }>;
  const chosen = new Map<string, { id: string; province: string; roles: string[] }>();
  const covered = new Set<string>();
  for (const department of departments) {
    for (const role of department.roles) {
      const key = `${department.province}/${role}`;
      if (covered.has(key)) continue;
      covered.add(key);
      chosen.set(department.id, department);
    }
  }
  const result: Identity[] = [{ label: 'anonymous', roles: [] }];
  for (const department of chosen.values()) {
    const bearerToken = await token(app, department.id);
    if (bearerToken === undefined) continue; // no demo key held for it here (e.g. a principal on a shared network)
    result.push({ label: department.id, department: department.id, province: department.province, roles: department.roles, token: bearerToken });
  }
  return result;
}

async function submit(app: Express, department: string, path: string, record: Record<string, unknown>, transient?: Record<string, string>): Promise<{ txId: string; blockNumber: number; keyId: string }> {
  const bearer = await token(app, department);
  const res = await request(app).post(`/api/v1${path}`).set('Authorization', `Bearer ${bearer ?? ''}`).send({ record: { ...record, department }, ...(transient ? { transient } : {}) });
  if (res.status !== 201) throw new Error(`${path} ${String(record.id)}: ${res.status} ${JSON.stringify(res.body)}`);
  const proof = (res.body as { proof: { txId: string; blockNumber: number; signerKeyId: string } }).proof;
  return { txId: proof.txId, blockNumber: proof.blockNumber, keyId: proof.signerKeyId };
}

const has = (identity: Identity, role: string): boolean => identity.roles.includes(role);

/**
 * Writes the canary records (fixture departments, which every ledger of the demo holds):
 * public         a catalogue entry of sh-dsj (the catalogue is shared by design)
 * unconditional  a licence of sh-samr (its licence catalogue: unconditional)
 * conditional    a licence of ah-cz-scjgj (its licence catalogue: conditional), no grant
 * +grant         a credit entry of js-fgw (credit catalogued conditional here) granted to zj-hz-scjgj
 * not-shared     a credit entry of ah-fgw (its credit catalogue: not shared)
 * not-catalogued a credit entry of sh-fgw (no credit catalogue entry), about a person
 * personal       that person's resident id (transient, to private data only)
 * access-purpose the purpose of zj-hz-scjgj's granted read (its access record)
 */
export async function plantCanaries(app: Express): Promise<PlantedCanaries> {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const text = (kind: CanaryKind): string => `LEAKCANARY-${kind}-${run}`;
  const written: Array<{ id: string; txId: string; blockNumber: number; keyId: string }> = [];
  const put = async (department: string, path: string, record: Record<string, unknown>, transient?: Record<string, string>): Promise<void> => {
    written.push({ id: String(record.id), ...(await submit(app, department, path, record, transient)) });
  };
  const licence = (id: string, number: string, title: string): Record<string, unknown> => ({
    type: 'licence.issue', id, number, licenceType: 'business-licence',
    holder: { kind: 'organisation', creditCode: COMPANIES.shushanTech.creditCode, name: COMPANIES.shushanTech.name },
    title, scope: '软件开发', validFrom: '2025-01-01T00:00:00Z', validTo: '2035-01-01T00:00:00Z', fileDigest: sm3Hex(`${id}:file`),
  });
  const entry = (id: string, subject: Record<string, unknown>, legalBasis: string): Record<string, unknown> => ({
    type: 'credit.entry', id, list: 'black', subject, category: 'food-drug-safety', legalBasis,
    measures: ['enhanced-supervision'], validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z',
  });
  const personId = residentId();
  const salt = `leak-salt-${run}`;
  const idDigest = personDigest(personId, salt);
  const ids = {
    publicCatalogue: `leak-cat-public-${run}`,
    licenceU: `leak-lic-u-${run}`, numberU: `LKU-${run}`,
    licenceC: `leak-lic-c-${run}`, numberC: `LKC-${run}`,
    catalogueG: `leak-cat-js-${run}`, entryG: `leak-credit-g-${run}`, request: `leak-req-${run}`, grant: `leak-grant-${run}`,
    entryN: `leak-credit-n-${run}`, entryP: `leak-credit-p-${run}`,
  };
  await put('sh-dsj', '/sharing/catalogue', { type: 'sharing.catalogue', id: ids.publicCatalogue, resourceId: 'leak-suite-public', family: 'tender', title: '泄露测试公开目录', description: text('public'), mode: 'unconditional' });
  await put('sh-samr', '/licences', licence(ids.licenceU, ids.numberU, text('unconditional')));
  await put('ah-cz-scjgj', '/licences', licence(ids.licenceC, ids.numberC, text('conditional-no-grant')));
  // A fixed resource id: on a network that is not reset, later runs publish new versions of the same entry.
  await put('js-fgw', '/sharing/catalogue', { type: 'sharing.catalogue', id: ids.catalogueG, resourceId: 'leak-suite-js-credit', family: 'credit', title: '失信主体名单（泄露测试）', description: '主体、措施', mode: 'conditional', conditions: '需说明事由' });
  await put('js-fgw', '/credit/entries', entry(ids.entryG, { kind: 'organisation', creditCode: COMPANIES.jiangningBuild.creditCode, name: COMPANIES.jiangningBuild.name }, text('conditional-grant')));
  await put('zj-hz-scjgj', '/sharing/requests', { type: 'sharing.request', id: ids.request, owner: 'js-fgw', resourceId: 'leak-suite-js-credit', purpose: '联合惩戒核查', until: '2099-01-01T00:00:00Z' });
  await put('js-fgw', '/sharing/grants', { type: 'sharing.grant', id: ids.grant, requestId: ids.request, decision: 'approved', validFrom: '2025-01-01T00:00:00Z', validTo: '2099-01-01T00:00:00Z', reason: '同意' });
  await put('ah-fgw', '/credit/entries', entry(ids.entryN, { kind: 'organisation', creditCode: COMPANIES.chuzhouBuild.creditCode, name: COMPANIES.chuzhouBuild.name }, text('not-shared')));
  await put('sh-fgw', '/credit/entries', entry(ids.entryP, { kind: 'person', idDigest, maskedName: '张*' }, text('not-catalogued')), { personal: JSON.stringify({ idNumber: personId, salt }) });
  // The grantee reads under its grant; the purpose it gives is the access-record canary.
  const granted = await request(app)
    .get(`/api/v1/credit/entries/${ids.entryG}`)
    .set('Authorization', `Bearer ${(await token(app, 'zj-hz-scjgj')) ?? ''}`)
    .set('X-DTL-Purpose', encodeURIComponent(text('access-purpose')));
  const accessRecords = String(granted.headers['x-dtl-access-records'] ?? '').split(',').filter((id) => id !== '');

  const canaries: Canary[] = [
    { kind: 'public', text: text('public'), mayRead: () => true },
    { kind: 'unconditional', text: text('unconditional'), mayRead: (i) => i.department !== undefined },
    { kind: 'conditional-no-grant', text: text('conditional-no-grant'), mayRead: (i) => i.province === 'anhui' },
    { kind: 'conditional-grant', text: text('conditional-grant'), mayRead: (i) => i.province === 'jiangsu' || i.department === 'zj-hz-scjgj' },
    { kind: 'not-shared', text: text('not-shared'), mayRead: (i) => i.province === 'anhui' },
    { kind: 'not-catalogued', text: text('not-catalogued'), mayRead: (i) => i.province === 'shanghai' },
    { kind: 'personal', text: personId, mayRead: () => false },
    { kind: 'access-purpose', text: text('access-purpose'), mayRead: (i) => has(i, 'auditor') || i.department === 'js-fgw' },
  ];
  const firstBlock = Math.min(...written.map((w) => w.blockNumber));
  const lastBlock = Math.max(...written.map((w) => w.blockNumber)) + 2; // the granted read's access record follows
  const blocks = Array.from({ length: lastBlock - firstBlock + 1 }, (_, i) => String(firstBlock + i));
  const departments = ['sh-dsj', 'sh-samr', 'ah-cz-scjgj', 'js-fgw', 'zj-hz-scjgj', 'ah-fgw', 'sh-fgw'];
  const subjects = [COMPANIES.shushanTech.creditCode, COMPANIES.jiangningBuild.creditCode, COMPANIES.chuzhouBuild.creditCode, `person:${idDigest}`];
  const recordIds = [...written.map((w) => w.id), ...accessRecords];
  const values: Record<string, readonly string[]> = {
    departmentId: departments, dept: departments, owner: departments, reader: [...departments, 'zj-hz-scjgj'], requester: ['zj-hz-scjgj'],
    keyId: [...new Set(written.map((w) => w.keyId))],
    subject: subjects, code: subjects, holder: [COMPANIES.shushanTech.creditCode],
    entryId: [ids.entryG, ids.entryN, ids.entryP],
    number: [ids.numberU, ids.numberC],
    recordId: recordIds, id: recordIds,
    txId: written.map((w) => w.txId),
    requestId: [ids.request], grantId: [ids.grant],
    action: ['bid'], province: ['shanghai', 'jiangsu', 'zhejiang', 'anhui'],
    from: [String(firstBlock)], limit: ['100'],
    digest: ['0'.repeat(64)],
  };
  const pool = [...new Set(Object.entries(values).filter(([name]) => !['action', 'from', 'limit', 'province'].includes(name)).flatMap(([, list]) => list))];
  return { canaries, values, pool: [...pool, ...blocks], blocks, grantedRead: { status: granted.status, accessRecords } };
}

/** Every GET route of the OpenAPI document the gateway serves. */
export function openApiRoutes(): RouteTemplate[] {
  const document = openApiDocument() as { paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string; schema?: { enum?: string[] } }> } }> };
  const routes: RouteTemplate[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (item.get === undefined) continue;
    const parameters = item.get.parameters ?? [];
    const enums: Record<string, readonly string[]> = {};
    for (const p of parameters) if (p.schema?.enum) enums[p.name] = p.schema.enum;
    routes.push({
      path,
      source: 'openapi',
      pathParams: [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? ''),
      queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, ...(p.schema?.enum ? { enum: p.schema.enum } : {}) })),
      enums,
    });
  }
  return routes;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(ts|vue|js)$/.test(name) && !/\.test\.ts$/.test(name)) files.push(path);
  }
  return files;
}

/** The API paths the explorer's sources call (`/api/v1/...` literals; `${enc(x)}` becomes the parameter `{x}`). */
export function explorerRoutes(explorerSrc: string): RouteTemplate[] {
  const paths = new Set<string>();
  for (const file of sourceFiles(explorerSrc)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/[`'"](\/api\/v1\/[^`'"?]*)/g)) {
      const raw = match[1] ?? '';
      paths.add(raw.replace(/\$\{(?:[A-Za-z]+\()?([A-Za-z]+)[^}]*\}/g, '{$1}').replace(/\/+$/, '') || raw);
    }
  }
  return [...paths].map((path) => ({ path, source: 'explorer' as const, pathParams: [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? ''), queryParams: [], enums: {} }));
}

function urlsFor(route: RouteTemplate, planted: PlantedCanaries): string[] {
  // `number` names a block under /blocks and a licence elsewhere.
  const candidates = (name: string): readonly string[] => route.enums[name] ?? (name === 'number' && route.path.includes('/blocks/') ? planted.blocks : planted.values[name]) ?? planted.pool;
  let urls = [route.path];
  for (const name of route.pathParams) {
    const next: string[] = [];
    for (const url of urls) for (const value of candidates(name)) next.push(url.replace(`{${name}}`, encodeURIComponent(value)));
    urls = next;
  }
  const query = route.queryParams.map((q) => ({ name: q.name, values: q.enum ?? planted.values[q.name] ?? planted.pool }));
  if (query.length === 0) return urls;
  const variants = Math.min(16, Math.max(...query.map((q) => q.values.length)));
  const withQuery: string[] = [];
  for (const url of urls) {
    for (let i = 0; i < variants; i++) {
      const search = new URLSearchParams(query.map((q): [string, string] => [q.name, q.values[i % q.values.length] ?? '']));
      withQuery.push(`${url}?${search.toString()}`);
    }
  }
  return withQuery;
}

/** Calls every route as every identity and searches the answers for canaries. */
export async function sweep(app: Express, routes: readonly RouteTemplate[], who: readonly Identity[], planted: PlantedCanaries, options: { concurrency?: number } = {}): Promise<LeakReport> {
  const urls = [...new Set(routes.flatMap((route) => urlsFor(route, planted)))];
  const jobs = who.flatMap((identity) => urls.map((url) => ({ identity, url })));
  const leaks: Leak[] = [];
  const seen: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const job = jobs[next++];
      if (job === undefined) return;
      let call = request(app).get(job.url).set('X-DTL-Purpose', PURPOSE);
      if (job.identity.token !== undefined) call = call.set('Authorization', `Bearer ${job.identity.token}`);
      const res = await call.buffer(true).parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
      statuses[String(res.status)] = (statuses[String(res.status)] ?? 0) + 1;
      const body = (res.body as Buffer).toString('utf8');
      // Base64 blobs (Fabric envelopes in proofs, images) are searched decoded as well.
      const decoded = [...body.matchAll(/[A-Za-z0-9+/]{64,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64').toString('utf8'));
      const bytes = [body, JSON.stringify(res.headers), ...decoded].join('\n');
      for (const canary of planted.canaries) {
        if (!bytes.includes(canary.text)) continue;
        if (canary.mayRead(job.identity)) seen[canary.kind] = (seen[canary.kind] ?? 0) + 1;
        else leaks.push({ url: job.url, identity: job.identity.label, canary: canary.kind, status: res.status });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, () => worker()));
  return { routes: routes.length, identities: who.length, requests: jobs.length, leaks, seenWhereAllowed: seen, statuses };
}

export function describeReport(label: string, report: LeakReport): string {
  const lines = [
    `leak suite (${label}): ${report.routes} routes × ${report.identities} identities = ${report.requests} requests; leaks: ${report.leaks.length}`,
    `  statuses: ${JSON.stringify(report.statuses)}`,
    `  canaries seen where allowed: ${JSON.stringify(report.seenWhereAllowed)}`,
    ...report.leaks.slice(0, 20).map((leak) => `  LEAK ${leak.canary} → ${leak.identity}: GET ${leak.url} (${leak.status})`),
  ];
  return lines.join('\n');
}
