/**
 * Routes for verifiers who trust neither this gateway nor what it says about itself:
 *
 *   GET /api/v1/trust                      this network's trust bundle, as the operator exported it. Serving it here
 *                                          is a convenience: a verifier pins it only after comparing its fingerprint
 *                                          with the one the province published (the pages show it for that).
 *   GET /api/v1/trace/:batchId/proofs      a proof (with the signer key's provenance) for every record of the public
 *                                          trace view, so the public QR page can verify each one against its pinned
 *                                          bundle. Public and rate-limited like the trace view: it carries nothing
 *                                          that view does not already show, plus the chain data to check it.
 *   GET /api/v1/transactions/:txId/proof   (signed in) the proof of the record a transaction carries, for the
 *                                          explorer's transaction view: the same chain data GET /transactions/:txId
 *                                          shows, in the form the caller may see (hash-only for content it may not
 *                                          read), so reading it is not a cross-region read of the record's state.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Ledger } from '../ledger/ledger';
import { buildProof } from '../proof/build';
import type { Proof } from '../proof/types';
import type { TrustBundle } from '../trust/bundle';
import { Visibility, viewerOf } from '../visibility/visibility';
import { principalOf } from './auth';
import { evaluateJson } from './directory';
import { notFound } from './errors';
import { publicLimiter } from './rate-limits';
import { parseWith } from './validate';

export interface TrustRouteDeps {
  readonly ledger: Ledger;
  /** Sign-in middleware for the routes that are not public. */
  readonly requireAuth: RequestHandler;
  /** The bundle this network publishes (undefined: the route answers 404 and says how to get one). */
  readonly trustBundle?: () => Promise<TrustBundle | undefined>;
  readonly publicRateLimitPerMinute: number;
  /** What the signed-in caller may see of a transaction's record (the one visibility module, issue 12). */
  readonly visibility: Visibility;
}

const BatchParams = z.object({ batchId: z.string().min(1).max(200) }).strict();
const TxParams = z.object({ txId: z.string().regex(/^[0-9a-f]{16,128}$/, 'must be 16-128 lower-case hex digits') }).strict();

/** The signed record a write transaction carries: its one JSON argument with a signature block. */
function recordOf(args: readonly string[]): Proof['record'] | undefined {
  for (const arg of args) {
    if (!arg.startsWith('{')) continue;
    try {
      const value = JSON.parse(arg) as unknown;
      if (typeof value === 'object' && value !== null && 'signature' in value) return value as Proof['record'];
    } catch {
      // not JSON
    }
  }
  return undefined;
}

interface TraceEntry {
  readonly record?: Proof['record'];
  readonly txId?: string;
}

export function trustRouter(deps: TrustRouteDeps): Router {
  const router = Router();
  const limit = publicLimiter(deps.publicRateLimitPerMinute);

  router.get('/trust', limit, async (_req, res) => {
    const bundle = deps.trustBundle ? await deps.trustBundle() : undefined;
    if (!bundle) throw notFound('trust bundle: this gateway does not serve one; ask the province for its published bundle (dtl trust export)');
    res.json(bundle);
  });

  router.get('/trace/:batchId/proofs', limit, async (req, res) => {
    const { batchId } = parseWith(BatchParams, req.params, 'params');
    const trace = await evaluateJson<{ chain?: readonly TraceEntry[] }>(deps.ledger, 'trace', 'trace', [batchId]);
    const proofs: Proof[] = [];
    for (const entry of trace.chain ?? []) {
      if (!entry.record || entry.txId === undefined) continue;
      const tx = await deps.ledger.transaction(entry.txId);
      if (!tx) continue;
      proofs.push(await buildProof(deps.ledger, { record: entry.record, txId: entry.txId, blockNumber: tx.blockNumber }));
    }
    res.json({ batchId, proofs });
  });

  router.get('/transactions/:txId/proof', deps.requireAuth, async (req, res) => {
    const { txId } = parseWith(TxParams, req.params, 'params');
    const tx = await deps.ledger.transaction(txId);
    if (!tx) throw notFound(`transaction ${txId}`);
    const record = recordOf(tx.args);
    if (!record) throw notFound(`a signed record in transaction ${txId}`);
    const proof = await buildProof(deps.ledger, { record, txId, blockNumber: tx.blockNumber });
    res.json({ proof: await deps.visibility.proof(viewerOf(principalOf(res.locals).department), proof, { route: '/transactions/:txId/proof' }) });
  });
  return router;
}
