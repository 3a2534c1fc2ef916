/**
 *   dtl tender replay <tenderId | evidence.json> [--trust bundle.json] [--url --api-key --token] [--out FILE] [--json]
 *
 * Replays a tender from its evidence package, offline: every record's proof is re-checked (signature, inclusion,
 * block hash), every record must be the one its proof covers, and the ranking is recomputed from the records. With a
 * tender id the package is fetched from the gateway (GET /api/v1/tenders/:tenderId/evidence) first; --out keeps it.
 * Prints the replayed ranking and whether the award equals it; exit 0 valid (against the pinned --trust bundle), 1
 * refused (naming the record), 2 bad input, 3 unanchored (consistent with itself, no bundle to check it against).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { checkTenderEvidence, isTenderEvidence, storedRecordsOf, type TenderEvidence } from '../evidence/tender-evidence';
import { clientOptions, GatewayClient } from './gateway-commands';
import type { TrustBundle } from '../trust/bundle';
import { BadInput, EXIT, readJson, type CliIo } from './io';
import { readTrustBundle } from './verify-command';

interface ReplayOptions {
  readonly url: string;
  readonly apiKey?: string;
  readonly token?: string;
  readonly out?: string;
  readonly json?: boolean;
  /** The pinned trust bundle (dtl trust export) the proofs are checked against. */
  readonly trust?: string;
}

async function loadEvidence(target: string, options: ReplayOptions): Promise<TenderEvidence> {
  let value: unknown;
  if (target === '-' || existsSync(target)) {
    value = readJson(target);
  } else {
    if (!/^[A-Za-z0-9._:-]{1,128}$/.test(target)) throw new BadInput(`${target} is neither a file nor a tender id`);
    const answer = await new GatewayClient(clientOptions(options)).get(`/tenders/${encodeURIComponent(target)}/evidence`);
    if (answer.status !== 200) throw new BadInput(`the gateway answered ${answer.status}: ${JSON.stringify((answer.body as { error?: unknown }).error ?? answer.body)}`);
    value = answer.body;
    if (options.out !== undefined) writeFileSync(options.out, `${JSON.stringify(value, null, 2)}\n`);
  }
  if (!isTenderEvidence(value)) throw new BadInput('not a DTL tender evidence package (kind dtl-tender-evidence, version 1)');
  return value;
}

export async function runTenderReplay(target: string, options: ReplayOptions, io: CliIo): Promise<number> {
  try {
    const anchor = options.trust === undefined ? undefined : readTrustBundle(options.trust);
    return verifyTenderEvidence(await loadEvidence(target, options), options.json === true, io, anchor);
  } catch (error) {
    if (error instanceof BadInput) {
      io.err(`dtl tender replay: ${error.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }
}

/** Checks an evidence package offline and prints the replay (also what `dtl verify <evidence.json>` runs). */
export function verifyTenderEvidence(evidence: TenderEvidence, json: boolean, io: CliIo, anchor?: TrustBundle): number {
  const check = checkTenderEvidence(evidence, anchor);
  // As for a single proof (verify-command.ts): VALID only against a pinned bundle; consistent alone is UNANCHORED.
  const verdict = !check.valid ? 'INVALID' : check.anchored ? 'VALID' : 'UNANCHORED';
  const code = verdict === 'INVALID' ? EXIT.INVALID : verdict === 'VALID' ? EXIT.OK : EXIT.UNANCHORED;
  if (json) {
    io.out(`${JSON.stringify({ tenderId: evidence.tenderId, verdict, valid: verdict === 'VALID', anchored: check.anchored, problems: check.problems, ranking: check.ranking, awardedBid: check.awardedBid, awardIsFirst: check.awardIsFirst }, null, 2)}\n`);
    return code;
  }
  io.out(`tender ${evidence.tenderId}: replayed from ${storedRecordsOf(evidence.records).length} records in ${evidence.headers.length} blocks\n`);
  const ranked = check.replay.result?.recomputed.ranking ?? [];
  if (ranked.length === 0) io.out('  no evaluation on the ledger yet\n');
  for (const r of ranked) io.out(`  ${r.rank}. ${r.bidId}  ${r.bidderName} (${r.bidderCreditCode})  price ${r.price}  score ${r.totalScore}\n`);
  if (check.awardedBid !== undefined) io.out(`award: ${check.awardedBid} — ${check.awardIsFirst === true ? 'equals the replayed first rank' : 'does NOT equal the replayed first rank'}\n`);
  for (const problem of check.problems) io.out(`REFUSED ${problem}\n`);
  if (verdict === 'UNANCHORED') io.out('evidence: UNANCHORED — consistent with itself only; pass --trust BUNDLE (dtl trust export, as a province publishes it)\n');
  else io.out(`evidence: ${verdict}${anchor ? ` (trust bundle ${anchor.fingerprint})` : ''}\n`);
  return code;
}

export function tenderCommand(io: CliIo, setExit: (code: number) => void): Command {
  const replay = new Command('replay')
    .description('replay a tender from its evidence package (a file, or fetched by tender id) and check every proof offline')
    .argument('<tenderId|evidence.json>', 'a tender id (fetched from the gateway) or an evidence package file')
    .option('--url <url>', 'gateway URL (DTL_URL)', process.env.DTL_URL ?? 'http://127.0.0.1:8080')
    .option('--api-key <key>', 'API key (DTL_API_KEY)', process.env.DTL_API_KEY)
    .option('--token <jwt>', 'bearer token (DTL_TOKEN)', process.env.DTL_TOKEN)
    .option('--out <file>', 'keep the fetched evidence package here')
    .option('--json', 'print the result as JSON')
    .option('--trust <bundle.json>', 'the pinned trust bundle to check every proof against (without it: UNANCHORED, exit 3)')
    .action(async (target: string, options: ReplayOptions) => setExit(await runTenderReplay(target, options, io)));
  return new Command('tender').description('tender tools (数字见证)').addCommand(replay);
}
