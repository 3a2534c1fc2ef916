/**
 * Starts the real gateway (createServer) on the embedded ledger in a temp dir, on 127.0.0.1, serving the explorer
 * build, loads the fixtures, and gives the explorer a least-privilege auditor identity: an API key for an auditor
 * department whose signing key the gateway does NOT hold (so the token can read but the gateway cannot sign for it).
 */
import '../../gateway/src/http/quiet-chaincode-logs';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { contracts } from '@dtl/chaincode';
import { fixtureTransactions } from '@dtl/fixtures';
import { Keystore } from '../../gateway/src/keystore/keystore';
import { DEMO_DEPARTMENTS, demoApiKey, ensureGatewayPrincipals, registerWithKeystore } from '../../gateway/src/keystore/bootstrap';
import { EmbeddedLedger } from '../../gateway/src/ledger/embedded/embedded-ledger';
import { createServer } from '../../gateway/src/server';
import { openReadModel, type ReadModel } from '../../gateway/src/read-model';

export const EXPLORER_DIST = resolve(__dirname, '..', 'dist');
const SECRET = 'explorer-browser-test-secret-0123456789abcdef';
export const AUDITOR_CANDIDATES = ['sh-dsj', 'zj-hz-sjzyj', 'zj-hz-sjj'];

export interface ExplorerGateway {
  readonly baseUrl: string;
  readonly ledger: EmbeddedLedger;
  readonly keystore: Keystore;
  readonly auditor: string;
  readonly auditorToken: string;
  readonly fixtureFailures: readonly string[];
  /** The gateway's read model (SQLite in the data dir, following the chain), or the one given to the harness. */
  readonly readModel: ReadModel;
  /** Resolves once the read model has applied every committed block. */
  indexed(): Promise<void>;
  /** GET a JSON resource with a token (the auditor's by default). */
  get<T = unknown>(path: string, token?: string, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  post<T = unknown>(path: string, body: unknown, token: string): Promise<{ status: number; body: T }>;
  token(department: string): Promise<string>;
  /** The department's demo API key (registered with the keystore). */
  apiKey(department: string): string;
  close(): Promise<void>;
}

export async function startExplorerGateway(options: { readModel?: (ledger: EmbeddedLedger, dataDir: string) => Promise<ReadModel> } = {}): Promise<ExplorerGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-explorer-'));
  const ledger = await EmbeddedLedger.open({ dataDir, contracts, batchTimeoutMs: 2 });
  const keystore = Keystore.open({ dataDir });
  const fixtureFailures: string[] = [];
  await ensureGatewayPrincipals(ledger, keystore);
  for (const tx of fixtureTransactions()) {
    try {
      await ledger.submit({ identity: tx.identity, contract: tx.contract, transaction: tx.transaction, args: tx.args, ...(tx.transient ? { transient: tx.transient } : {}) });
    } catch (error) {
      fixtureFailures.push(`${tx.contract}.${tx.transaction} ${tx.recordId}: ${(error as Error).message}`);
    }
  }
  for (const seed of DEMO_DEPARTMENTS) {
    try {
      await registerWithKeystore(ledger, keystore, seed);
      keystore.setApiKey(seed.id, demoApiKey(seed.id));
    } catch (error) {
      fixtureFailures.push(`demo ${seed.id}: ${(error as Error).message}`);
    }
  }
  const readModel = options.readModel ? await options.readModel(ledger, dataDir) : await openReadModel(join(dataDir, 'read-model.sqlite'), ledger);
  await readModel.indexer.start();
  const app = createServer({ ledger, keystore, jwtSecret: SECRET, explorerDir: EXPLORER_DIST, publicRateLimitPerMinute: 100_000, readModel }).app;
  const server: Server = createHttpServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const get = async <T>(path: string, token?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const post = async <T>(path: string, body: unknown, token: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const tokens = new Map<string, string>();
  const token = async (department: string): Promise<string> => {
    const cached = tokens.get(department);
    if (cached) return cached;
    let key = demoApiKey(department);
    if (keystore.departmentOfApiKey(key) !== department) keystore.setApiKey(department, key);
    const res = await post<{ token: string }>('/api/v1/auth/token', { apiKey: key }, '');
    if (res.status !== 200) throw new Error(`token for ${department}: ${res.status} ${JSON.stringify(res.body)}`);
    tokens.set(department, res.body.token);
    key = '';
    return res.body.token;
  };

  // The auditor: a registered department with the auditor role, no key in the gateway keystore.
  let auditor = '';
  for (const candidate of AUDITOR_CANDIDATES) {
    const res = await get<{ roles?: string[] }>(`/api/v1/departments/${candidate}`, await token(DEMO_DEPARTMENTS[0]?.id ?? 'sh-samr'));
    if (res.status === 200 && res.body.roles?.includes('auditor')) {
      auditor = candidate;
      break;
    }
  }
  if (!auditor) throw new Error('no auditor department registered');
  const auditorToken = await token(auditor);

  return {
    baseUrl,
    ledger,
    keystore,
    auditor,
    auditorToken,
    fixtureFailures,
    readModel,
    async indexed(): Promise<void> {
      if (!options.readModel && !(await readModel.indexer.waitFor(await ledger.height(), 30_000))) throw new Error('the read model did not catch up');
    },
    get: (path, t = auditorToken, headers) => get(path, t, headers),
    post,
    token,
    apiKey(department: string): string {
      const key = demoApiKey(department);
      if (keystore.departmentOfApiKey(key) !== department) keystore.setApiKey(department, key);
      return key;
    },
    async close(): Promise<void> {
      await new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections?.();
      await readModel.close();
      await ledger.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
