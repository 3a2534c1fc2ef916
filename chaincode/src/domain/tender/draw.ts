/**
 * The expert draw (专家随机抽取), recomputable by anyone from ledger data:
 *
 *   seed     = SM3(canonicalJson(["dtl-tender-draw-v2", tenderId, publishTxId, [[bidId, commitTxId, commitment] … sorted by bidId]]))
 *   stream   = SM3(seed ‖ 0x00000000) ‖ SM3(seed ‖ 0x00000001) ‖ …   read as big-endian uint32 words
 *   below(n) = the next word w with w < n·⌊2³²/n⌋ (rejection sampling, no modulo bias), then w mod n
 *   shuffle  = Fisher–Yates over the eligible experts sorted by id: for i = len−1 … 1 swap i with below(i+1)
 *   pick     = first, for each required speciality in order, the first shuffled expert having it not yet picked;
 *              then the rest in shuffled order, until `count` experts are drawn.
 *
 * A draw no one can steer: every input is fixed at the bid deadline, before anyone who benefits from the committee
 * can act — the tender's publish transaction, the sealed commitments (each bidder's salt is secret until the reveal,
 * so no bidder can compute the seed before the deadline), and the pool of experts whose profiles were declared
 * before the deadline. The draw transaction's own id is NOT an input: a trading centre that simulates the draw
 * transaction again and again (Fabric endorsement without submitting) gets the same committee every time, and the
 * contract accepts exactly one draw per tender (TENDER_ALREADY_DRAWN). See chaincode/README.md, "The expert draw".
 *
 * Excluded (回避): the purchaser and the publishing trading centre themselves; experts affiliated with either;
 * experts affiliated with a bidder; experts without any of the required specialities.
 */
import { canonicalBytes, bytesToHex, concatBytes, sm3 } from '../../../crypto';
import { fail } from '../../errors';
import type { CommittedBid, ConflictReason, ExpertCandidate, ExpertDraw, TenderPublishRecord } from './types';

export const DRAW_DOMAIN = 'dtl-tender-draw-v2';

/** The seed: from values fixed at the bid deadline only (never the draw transaction). */
export function drawSeed(tenderId: string, publishTxId: string, bids: readonly Pick<CommittedBid, 'bidId' | 'commitTxId' | 'commitment'>[]): Uint8Array {
  const sorted = [...bids].sort((a, b) => (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0)).map((b) => [b.bidId, b.commitTxId, b.commitment]);
  return sm3(canonicalBytes([DRAW_DOMAIN, tenderId, publishTxId, sorted]));
}

/** Deterministic uniform integers from an SM3 counter-mode stream. */
export class Sm3Stream {
  private readonly seed: Uint8Array;
  private counter = 0;
  private block: Uint8Array = new Uint8Array(0);
  private offset = 0;

  constructor(seed: Uint8Array) {
    this.seed = seed;
  }

  nextUint32(): number {
    if (this.offset >= this.block.length) {
      const ctr = new Uint8Array(4);
      new DataView(ctr.buffer).setUint32(0, this.counter++, false);
      this.block = sm3(concatBytes(this.seed, ctr));
      this.offset = 0;
    }
    const view = new DataView(this.block.buffer, this.block.byteOffset + this.offset, 4);
    this.offset += 4;
    return view.getUint32(0, false);
  }

  /** Uniform in [0, n), by rejection sampling. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`below(${n})`);
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const w = this.nextUint32();
      if (w < limit) return w % n;
    }
  }
}

export function shuffle<T>(items: readonly T[], stream: Sm3Stream): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = stream.below(i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** Why an expert may not sit on this tender's committee, or undefined when eligible. */
export function conflictOf(
  expert: ExpertCandidate,
  tender: Pick<TenderPublishRecord, 'department' | 'purchaser' | 'experts'>,
  bidderCreditCodes: ReadonlySet<string>,
): ConflictReason | undefined {
  if (expert.expertId === tender.purchaser || expert.expertId === tender.department) return 'tendering-department';
  if (expert.affiliations.includes(tender.purchaser) || expert.affiliations.includes(tender.department)) return 'affiliated-with-tendering-party';
  if (expert.affiliations.some((a) => bidderCreditCodes.has(a))) return 'affiliated-with-bidder';
  if (!expert.specialities.some((s) => tender.experts.specialities.includes(s))) return 'no-required-speciality';
  return undefined;
}

/**
 * Draws the committee. CONFLICT when the pool (after exclusions) cannot cover a required speciality or has
 * fewer eligible experts than `count`.
 */
export function drawExperts(
  tender: Pick<TenderPublishRecord, 'tenderId' | 'department' | 'purchaser' | 'experts'>,
  bids: readonly CommittedBid[],
  pool: readonly ExpertCandidate[],
  drawTxId: string,
  publishTxId: string,
): ExpertDraw {
  const sortedPool = [...pool].sort((a, b) => (a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0));
  const ids = new Set(sortedPool.map((e) => e.expertId));
  if (ids.size !== sortedPool.length) fail('INVALID_ARGUMENT', 'the expert pool lists an expert twice');
  const bidders = new Set(bids.map((b) => b.bidderCreditCode));
  const excluded: Array<{ expertId: string; reason: ConflictReason }> = [];
  const eligible: ExpertCandidate[] = [];
  for (const expert of sortedPool) {
    const reason = conflictOf(expert, tender, bidders);
    if (reason === undefined) eligible.push(expert);
    else excluded.push({ expertId: expert.expertId, reason });
  }
  const seed = drawSeed(tender.tenderId, publishTxId, bids);
  const shuffled = shuffle(eligible, new Sm3Stream(seed));
  const { count, specialities } = tender.experts;
  if (shuffled.length < count) fail('CONFLICT', `tender ${tender.tenderId} needs ${count} experts, the pool has ${shuffled.length} eligible`);
  const picked: ExpertCandidate[] = [];
  for (const speciality of specialities) {
    const expert = shuffled.find((e) => e.specialities.includes(speciality) && !picked.includes(e));
    if (expert === undefined) fail('CONFLICT', `no eligible expert left with speciality ${speciality} for tender ${tender.tenderId}`);
    picked.push(expert);
  }
  for (const expert of shuffled) {
    if (picked.length >= count) break;
    if (!picked.includes(expert)) picked.push(expert);
  }
  return {
    tenderId: tender.tenderId,
    drawTxId,
    publishTxId,
    seed: bytesToHex(seed),
    shuffled: shuffled.map((e) => e.expertId),
    drawn: picked.map((e) => e.expertId),
    excluded,
    pool: sortedPool,
  };
}
