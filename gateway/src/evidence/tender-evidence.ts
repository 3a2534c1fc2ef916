/**
 * A tender's evidence package (数字见证, one download): every record of the tender as the ledger stored it, each with
 * its proof (signature, inclusion in its block, block hash), the headers of those blocks, and the replay result.
 *
 * `checkTenderEvidence` is what a verifier runs offline (`dtl tender replay <file>`): it re-checks every proof with
 * the proof verifier (verifyProof), checks that each stored record is exactly the record its proof covers, and
 * replays the tender itself from the records (replayTender) instead of trusting the package's replay result. A record
 * changed after the fact is refused, named by its id.
 */
import { canonicalJson, type JsonValue } from '@dtl/chaincode/crypto';
import { tender as tenderRules } from '@dtl/chaincode';
import type { Ledger } from '../ledger/ledger';
import { buildProof } from '../proof/build';
import type { Proof } from '../proof/types';
import { verifyProofAgainstBundle } from '../proof/anchored-node';
import { verifyProof } from '../proof/verify';
import type { TrustBundle } from '../trust/bundle';
import { evaluateJson } from '../http/directory';

type TenderLedgerRecords = tenderRules.TenderLedgerRecords;
type TenderReplay = tenderRules.TenderReplay;
type StoredRecordLike = { readonly record: Proof['record'] & { readonly id?: unknown }; readonly txId: string; readonly committedAt: string };

export const EVIDENCE_KIND = 'dtl-tender-evidence';

export interface EvidenceHeader {
  readonly number: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly dataHash: string;
}

export interface TenderEvidence {
  readonly version: 1;
  readonly kind: typeof EVIDENCE_KIND;
  readonly tenderId: string;
  /** The records as the tender contract stored them (the input of the replay). */
  readonly records: TenderLedgerRecords;
  /** The proof of every record above, by record id. */
  readonly proofs: Readonly<Record<string, Proof>>;
  /** The headers of the blocks holding them, by block number (ascending). */
  readonly headers: readonly EvidenceHeader[];
  /** The replay as the ledger computed it when the package was made. */
  readonly replay: TenderReplay;
}

/** Every stored record in a tender's records, in ledger order of kind (publish, commits, reveals, draw, scores, award). */
export function storedRecordsOf(records: TenderLedgerRecords): StoredRecordLike[] {
  const all: unknown[] = [records.tender, ...records.commits, ...records.reveals];
  if (records.draw !== undefined) all.push(records.draw.stored);
  all.push(...records.scores);
  if (records.award !== undefined) all.push(records.award);
  // Signed records are JSON objects: viewed here as the proof module's open record shape.
  return all as StoredRecordLike[];
}

/** Builds the package from the ledger (the gateway's GET /tenders/:tenderId/evidence). */
export async function buildTenderEvidence(ledger: Ledger, tenderId: string, publicKeyOf: (keyId: string) => Promise<string | undefined>): Promise<TenderEvidence> {
  const records = await evaluateJson<TenderLedgerRecords>(ledger, 'tender', 'records', [tenderId]);
  const replay = await evaluateJson<TenderReplay>(ledger, 'tender', 'replay', [tenderId]);
  const proofs: Record<string, Proof> = {};
  const headers = new Map<number, EvidenceHeader>();
  for (const stored of storedRecordsOf(records)) {
    const tx = await ledger.transaction(stored.txId);
    if (tx === undefined) throw new Error(`transaction ${stored.txId} of record ${String(stored.record.id)} is not on the chain`);
    const proof = await buildProof(ledger, { record: stored.record, txId: stored.txId, blockNumber: tx.blockNumber, signerPublicKey: await publicKeyOf(stored.record.signature.keyId) });
    proofs[String(stored.record.id)] = proof;
    headers.set(proof.blockNumber, { number: proof.blockNumber, hash: proof.blockHash, previousHash: proof.header.previousHash, dataHash: proof.header.dataHash });
  }
  return { version: 1, kind: EVIDENCE_KIND, tenderId, records, proofs, headers: [...headers.values()].sort((a, b) => a.number - b.number), replay };
}

export function isTenderEvidence(value: unknown): value is TenderEvidence {
  const v = value as Partial<TenderEvidence> | null;
  return typeof v === 'object' && v !== null && v.kind === EVIDENCE_KIND && v.version === 1 && typeof v.records === 'object' && typeof v.proofs === 'object';
}

export interface EvidenceCheck {
  /** Every proof verifies, every record is the one its proof covers, and the replay agrees with the ledger. */
  readonly valid: boolean;
  /** The proofs were checked against a pinned trust bundle (false: consistent with itself at best). */
  readonly anchored: boolean;
  /** What is wrong, each naming the record. */
  readonly problems: readonly string[];
  /** The replay computed here, from the records. */
  readonly replay: TenderReplay;
  /** Bid ids in replayed rank order. */
  readonly ranking: readonly string[];
  /** The awarded bid, when there is an award. */
  readonly awardedBid?: string;
  /** True when the award is the replayed first-ranked bid (false: another candidate, with a reason, or invalid). */
  readonly awardIsFirst?: boolean;
}

/** The transaction timestamp inside a proof's transaction JSON (embedded ledger), when it carries one. */
function timestampOf(proof: Proof): string | undefined {
  const inclusion = proof.inclusion;
  if (inclusion === undefined || !('transaction' in inclusion)) return undefined;
  try {
    const tx = JSON.parse(inclusion.transaction) as { timestamp?: unknown };
    const stamp = tx.timestamp as { seconds?: unknown; nanos?: unknown } | string | undefined;
    if (typeof stamp === 'string') return stamp;
    if (typeof stamp === 'object' && stamp !== null && typeof stamp.seconds === 'number') {
      return new Date(stamp.seconds * 1000 + Math.floor((typeof stamp.nanos === 'number' ? stamp.nanos : 0) / 1_000_000)).toISOString();
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** A JSON value as plain objects and arrays (what canonical JSON takes), dropping undefined fields. */
function plain(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

/**
 * Checks a package offline: proofs, records against proofs, block headers, and a replay from the records. With a
 * pinned trust bundle every proof is checked against it (block signature, signer key provenance); without one the
 * package can only be consistent with itself (`anchored: false`), which is never enough to call it valid.
 */
export function checkTenderEvidence(evidence: TenderEvidence, anchor?: TrustBundle): EvidenceCheck {
  const problems: string[] = [];
  const headers = new Map(evidence.headers.map((h) => [h.number, h]));
  for (const stored of storedRecordsOf(evidence.records)) {
    const id = String(stored.record.id);
    const proof = evidence.proofs[id];
    if (proof === undefined) {
      problems.push(`record ${id}: no proof in the package`);
      continue;
    }
    if (canonicalJson(plain(proof.record)) !== canonicalJson(plain(stored.record))) problems.push(`record ${id}: differs from the record its proof covers (changed after signing)`);
    if (proof.txId !== stored.txId) problems.push(`record ${id}: stored with tx ${stored.txId}, its proof is for tx ${proof.txId}`);
    const stamped = timestampOf(proof);
    if (stamped !== undefined && Date.parse(stamped) !== Date.parse(stored.committedAt)) problems.push(`record ${id}: committedAt ${stored.committedAt} is not its transaction's time ${stamped}`);
    const checks = anchor === undefined ? verifyProof(proof).checks : verifyProofAgainstBundle(proof, anchor).checks;
    for (const check of checks) if (!check.ok) problems.push(`record ${id}: ${check.name} — ${check.detail}`);
    const header = headers.get(proof.blockNumber);
    if (header === undefined || header.hash !== proof.blockHash) problems.push(`record ${id}: block ${proof.blockNumber} is not among the package's headers with hash ${proof.blockHash}`);
  }
  const replay = tenderRules.replayTender(evidence.records);
  for (const problem of replay.problems) problems.push(`replay: ${problem}`);
  if (canonicalJson(plain(replay)) !== canonicalJson(plain(evidence.replay))) problems.push('the package\'s replay result differs from the replay computed here');
  const ranking = replay.result?.recomputed.ranking.map((r) => r.bidId) ?? [];
  const award = evidence.records.award?.record;
  return {
    valid: problems.length === 0,
    anchored: anchor !== undefined,
    problems,
    replay,
    ranking,
    ...(award === undefined ? {} : { awardedBid: award.bidId, awardIsFirst: ranking[0] === award.bidId && replay.award?.valid === true }),
  };
}
