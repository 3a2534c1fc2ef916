/**
 * Demo data for `npm start`: when none of the fixture departments is registered on the ledger, submit @dtl/fixtures' ordered
 * signed transactions; put the fixture departments' DEV keys in the keystore (so the e-seal path works for them)
 * and register their demo API keys. Without the fixtures package, register the gateway's own demo departments.
 */
import type { Logger } from 'pino';
import type { Ledger, TransactionRequest } from '../ledger/ledger';
import { LedgerError } from '../ledger/errors';
import { placedRequest } from '../visibility/placement';
import { DEMO_DEPARTMENTS, demoApiKey, ensureGatewayPrincipals, registerWithKeystore } from './bootstrap';
import type { Keystore } from './keystore';

export interface FixtureLoadResult {
  readonly summary: string;
  readonly loaded: number;
  readonly apiKeys: ReadonlyArray<{ readonly department: string; readonly apiKey: string }>;
  /**
   * The demo tender runs in real time (bid and reveal deadlines are checked against transaction time): start it
   * after the server listens; it resolves with the number of tender transactions committed. Absent when there is
   * nothing to load.
   */
  readonly tender?: (signal?: AbortSignal) => Promise<number>;
}

type FixtureTransaction = TransactionRequest & { readonly recordId: string; readonly notBefore?: string };

interface FixturesModule {
  readonly DEPARTMENTS: ReadonlyArray<{ readonly id: string; readonly roles: readonly string[] }>;
  departmentDevKey(id: string): { readonly keyId: string; readonly privateKey: Uint8Array };
  fixtureTransactions(): readonly FixtureTransaction[];
  tenderTransactions?: (start: string, windowMs?: number) => readonly FixtureTransaction[];
}

/** Submits timed transactions in order, waiting for each one's `notBefore` (plus a margin) first. */
export async function submitTimed(ledger: Ledger, transactions: readonly FixtureTransaction[], logger: Logger, signal?: AbortSignal): Promise<number> {
  let committed = 0;
  for (const tx of transactions) {
    if (tx.notBefore !== undefined) {
      const wait = Date.parse(tx.notBefore) + 250 - Date.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
    if (signal?.aborted) break;
    try {
      await ledger.submit(await placedRequest(ledger, { identity: tx.identity, contract: tx.contract, transaction: tx.transaction, args: tx.args, ...(tx.transient ? { transient: tx.transient } : {}) }));
      committed++;
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      logger.warn({ recordId: tx.recordId, code: error.code, message: error.message }, 'fixture transaction refused');
    }
  }
  return committed;
}

function loadFixturesModule(): FixturesModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('@dtl/fixtures') as Partial<FixturesModule>;
    if (Array.isArray(module.DEPARTMENTS) && typeof module.departmentDevKey === 'function' && typeof module.fixtureTransactions === 'function') {
      return module as FixturesModule;
    }
  } catch {
    // not built / not installed: fall back to the gateway's demo departments
  }
  return undefined;
}

/** A department whose only role is `auditor`: read-only, so no signing key is held for it. */
export function isReadOnly(roles: readonly string[]): boolean {
  return roles.length > 0 && roles.every((role) => role === 'auditor');
}

/** True when the ledger's registry holds `keyId` as a key of `department`. */
async function isKeyOf(ledger: Ledger, department: string, keyId: string): Promise<boolean> {
  try {
    const bytes = await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'department', transaction: 'getKey', args: [keyId] });
    return (JSON.parse(Buffer.from(bytes).toString('utf8')) as { department?: unknown }).department === department;
  } catch (error) {
    if (error instanceof LedgerError) return false;
    throw error;
  }
}

async function registeredDepartmentIds(ledger: Ledger): Promise<Set<string>> {
  const bytes = await ledger.evaluate({ identity: { province: 'shanghai', role: 'client' }, contract: 'department', transaction: 'list', args: [''] });
  return new Set((JSON.parse(Buffer.from(bytes).toString('utf8')) as Array<{ id: string }>).map((d) => d.id));
}

export interface LoadOptions {
  readonly load: boolean;
  readonly logger: Logger;
  /** Called after each fixture transaction (progress). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Bid and reveal windows of the demo tender (default 10 s each). */
  readonly tenderWindowMs?: number;
  /** Register the published demo API keys and hold the DEV keys (default true; production mode: false). */
  readonly demoKeys?: boolean;
}

export async function loadFixtures(ledger: Ledger, keystore: Keystore, options: LoadOptions): Promise<FixtureLoadResult> {
  const fixtures = loadFixturesModule();
  const registered = await registeredDepartmentIds(ledger);
  const empty = registered.size === 0;
  // Load the demo data when none of its departments is registered yet — an empty registry, or a shared network
  // that holds only other departments. A ledger holding any fixture department id is never loaded over.
  const fixturesAbsent = fixtures !== undefined && fixtures.DEPARTMENTS.every((d) => !registered.has(d.id));
  let loaded = 0;
  let summary: string;
  let tender: ((signal?: AbortSignal) => Promise<number>) | undefined;
  let departments: string[];
  /** The DEV key each demo department's API key is bound to. */
  const boundKey = new Map<string, string>();
  const demoKeys = options.demoKeys ?? true;
  if (fixtures) {
    if (fixturesAbsent && options.load) {
      const transactions = fixtures.fixtureTransactions();
      for (const tx of transactions) {
        try {
          await ledger.submit(await placedRequest(ledger, { identity: tx.identity, contract: tx.contract, transaction: tx.transaction, args: tx.args, ...(tx.transient ? { transient: tx.transient } : {}) }));
          loaded++;
        } catch (error) {
          if (!(error instanceof LedgerError)) throw error;
          options.logger.warn({ recordId: tx.recordId, code: error.code, message: error.message }, 'fixture transaction refused');
        }
        options.onProgress?.(loaded, transactions.length);
      }
      summary = `loaded ${loaded}/${transactions.length} fixture transactions into the ${empty ? 'empty ledger' : 'ledger (no fixture department was registered)'}`;
      const timed = fixtures.tenderTransactions;
      if (timed !== undefined) {
        const windowMs = options.tenderWindowMs ?? 10_000;
        tender = (signal) => submitTimed(ledger, timed(new Date(Date.now() + 2000).toISOString(), windowMs), options.logger, signal);
        summary += `; the demo tender runs in the background (${Math.round((2 * windowMs + 2000) / 1000)} s)`;
      }
    } else {
      summary = fixturesAbsent ? 'fixtures disabled (DTL_FIXTURES=false)' : 'the fixture departments are already registered; fixtures not reloaded';
    }
    // The demo credentials are public (DEV keys from a published formula, `dtl-demo-<id>` API keys): only for
    // departments this ledger registered with their DEV key — never for a real department that shares a fixture id.
    departments = [];
    for (const department of fixtures.DEPARTMENTS) {
      const key = fixtures.departmentDevKey(department.id);
      if (!demoKeys || !(await isKeyOf(ledger, department.id, key.keyId))) continue;
      departments.push(department.id);
      boundKey.set(department.id, key.keyId);
      // Least privilege: an auditor-only department reads and audits; the gateway holds no key to sign for it.
      if (isReadOnly(department.roles)) continue;
      if (!keystore.keyById(key.keyId)) keystore.add(department.id, key.keyId, key.privateKey);
    }
  } else {
    if (options.load) {
      for (const seed of DEMO_DEPARTMENTS) if (await registerWithKeystore(ledger, keystore, seed)) loaded++;
    }
    // Demo API keys only for demo departments registered with a key this gateway holds (it registered them).
    departments = [];
    for (const seed of DEMO_DEPARTMENTS) {
      const held = keystore.keyFor(seed.id);
      if (demoKeys && held !== undefined && (await isKeyOf(ledger, seed.id, held.keyId))) {
        departments.push(seed.id);
        boundKey.set(seed.id, held.keyId);
      }
    }
    summary = `@dtl/fixtures not available; ${loaded} demo departments registered`;
  }
  // The four gateway principals sign cross-region access records; register any that the fixtures did not.
  if (options.load || !empty) await ensureGatewayPrincipals(ledger, keystore);
  const apiKeys = departments.map((department) => {
    const apiKey = demoApiKey(department);
    keystore.setApiKey(department, apiKey, boundKey.get(department));
    return { department, apiKey };
  });
  return { summary, loaded, apiKeys, ...(tender ? { tender } : {}) };
}
