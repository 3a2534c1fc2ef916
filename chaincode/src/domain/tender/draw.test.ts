import { bytesToHex, canonicalBytes, concatBytes, sm3 } from '../../../crypto';
import { conflictOf, drawExperts, drawSeed, shuffle, Sm3Stream } from './draw';
import { BIDDERS, POOL, TENDER, commit, expert } from './test-data';

const BIDS = [
  commit('bid-b', BIDDERS.hefeiLuQiao, 'b'.repeat(64)),
  commit('bid-a', BIDDERS.anhuiJianGong, 'a'.repeat(64)),
  commit('bid-c', BIDDERS.nanjingShiZheng, 'e'.repeat(64)),
];

describe('draw seed and stream', () => {
  it('hashes the domain tag, tender, its publish tx id and the bids sorted by id — not the draw tx id', () => {
    const expected = sm3(
      canonicalBytes([
        'dtl-tender-draw-v2',
        TENDER.tenderId,
        'tx-publish',
        [
          ['bid-a', 'tx-bid-a', 'a'.repeat(64)],
          ['bid-b', 'tx-bid-b', 'b'.repeat(64)],
          ['bid-c', 'tx-bid-c', 'e'.repeat(64)],
        ],
      ]),
    );
    expect(bytesToHex(drawSeed(TENDER.tenderId, 'tx-publish', BIDS))).toBe(bytesToHex(expected));
    expect(bytesToHex(drawSeed(TENDER.tenderId, 'tx-publish', [...BIDS].reverse()))).toBe(bytesToHex(expected));
    expect(bytesToHex(drawSeed(TENDER.tenderId, 'tx-publish-2', BIDS))).not.toBe(bytesToHex(expected));
    expect(bytesToHex(drawSeed(TENDER.tenderId, 'tx-publish', BIDS.slice(1)))).not.toBe(bytesToHex(expected));
  });

  it('reads SM3(seed ‖ counter) blocks as big-endian words', () => {
    const seed = new Uint8Array(32).fill(7);
    const stream = new Sm3Stream(seed);
    const block0 = sm3(concatBytes(seed, new Uint8Array([0, 0, 0, 0])));
    const block1 = sm3(concatBytes(seed, new Uint8Array([0, 0, 0, 1])));
    const words = Array.from({ length: 9 }, () => stream.nextUint32());
    const be = (b: Uint8Array, i: number): number => new DataView(b.buffer, b.byteOffset).getUint32(i * 4, false);
    expect(words.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => be(block0, i)));
    expect(words[8]).toBe(be(block1, 0));
  });

  it('rejects words in the biased tail instead of reducing them modulo n', () => {
    // n = 3·2^30: ⌊2^32/n⌋·n = n, so any word ≥ n is rejected and the next one is used.
    const n = 3 * 2 ** 30;
    const seed = new Uint8Array(32);
    const raw = new Sm3Stream(seed);
    const words = Array.from({ length: 64 }, () => raw.nextUint32());
    const firstAccepted = words.find((w) => w < n);
    expect(words.some((w) => w >= n)).toBe(true);
    const sampled = new Sm3Stream(seed);
    expect(sampled.below(n)).toBe(firstAccepted);
  });

  it('is roughly uniform over a small range', () => {
    const stream = new Sm3Stream(new Uint8Array(32).fill(1));
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 7000; i++) {
      const k = stream.below(7);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it('shuffles to a permutation, deterministically per seed', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const one = shuffle(items, new Sm3Stream(new Uint8Array(32).fill(3)));
    expect([...one].sort()).toEqual(items);
    expect(shuffle(items, new Sm3Stream(new Uint8Array(32).fill(3)))).toEqual(one);
    expect(shuffle(items, new Sm3Stream(new Uint8Array(32).fill(4)))).not.toEqual(one);
  });
});

describe('conflicts of interest', () => {
  const bidders = new Set(BIDS.map((b) => b.bidderCreditCode));
  it('excludes the purchaser, the publishing centre, their affiliates, bidders affiliates and the wrong specialities', () => {
    expect(conflictOf(expert('hf-bh-jsj', ['municipal-roads']), TENDER, bidders)).toBe('tendering-department');
    expect(conflictOf(expert('hf-ggzy', ['municipal-roads']), TENDER, bidders)).toBe('tendering-department');
    expect(conflictOf(expert('x', ['municipal-roads'], ['hf-bh-jsj']), TENDER, bidders)).toBe('affiliated-with-tendering-party');
    expect(conflictOf(expert('x', ['municipal-roads'], ['hf-ggzy']), TENDER, bidders)).toBe('affiliated-with-tendering-party');
    expect(conflictOf(expert('x', ['municipal-roads'], [BIDDERS.nanjingShiZheng]), TENDER, bidders)).toBe('affiliated-with-bidder');
    expect(conflictOf(expert('x', ['electrical']), TENDER, bidders)).toBe('no-required-speciality');
    expect(conflictOf(expert('x', ['bridges', 'cost-engineering'], [BIDDERS.chuzhouJianTou]), TENDER, bidders)).toBeUndefined();
  });
});

describe('drawExperts', () => {
  it('draws the committee from eligible experts only, covering every speciality, reproducibly', () => {
    const draw = drawExperts(TENDER, BIDS, POOL, 'tx-draw', 'tx-publish');
    expect(draw.excluded).toEqual([
      { expertId: 'exp-ah-wu', reason: 'affiliated-with-tendering-party' },
      { expertId: 'exp-js-qian', reason: 'affiliated-with-bidder' },
      { expertId: 'exp-zj-zhou', reason: 'no-required-speciality' },
      { expertId: 'hf-bh-jsj', reason: 'tendering-department' },
    ]);
    expect(draw.drawn).toHaveLength(5);
    expect(new Set(draw.drawn).size).toBe(5);
    const excluded = new Set(draw.excluded.map((e) => e.expertId));
    expect(draw.drawn.filter((id) => excluded.has(id))).toEqual([]);
    const specialities = draw.drawn.flatMap((id) => POOL.find((e) => e.expertId === id)?.specialities ?? []);
    expect(specialities).toEqual(expect.arrayContaining(['municipal-roads', 'cost-engineering']));
    expect(draw.seed).toBe(bytesToHex(drawSeed(TENDER.tenderId, 'tx-publish', BIDS)));
    expect(drawExperts(TENDER, [...BIDS].reverse(), [...POOL].reverse(), 'tx-draw', 'tx-publish')).toEqual(draw);
  });

  it('cannot be ground: retrying the draw transaction (any tx id) gives the same committee', () => {
    const committees = new Set(Array.from({ length: 50 }, (_, i) => drawExperts(TENDER, BIDS, POOL, `tx-retry-${i}`, 'tx-publish')).map((d) => `${d.seed}|${d.shuffled.join(',')}|${d.drawn.join(',')}`));
    expect(committees.size).toBe(1);
  });

  it('depends on the values fixed at the deadline: other sealed bids or another tender give another order', () => {
    const shuffles = new Set(['tx-p1', 'tx-p2', 'tx-p3', 'tx-p4', 'tx-p5', 'tx-p6'].map((publish) => drawExperts(TENDER, BIDS, POOL, 'tx-draw', publish).shuffled.join(',')));
    expect(shuffles.size).toBeGreaterThan(1);
  });

  it('refuses when too few experts remain, or a speciality cannot be covered', () => {
    expect(() => drawExperts({ ...TENDER, experts: { count: 7, specialities: ['municipal-roads'] } }, BIDS, POOL, 'tx', 'tx-publish')).toThrow(/^CONFLICT: .* needs 7 experts, the pool has 4 eligible/);
    expect(() => drawExperts({ ...TENDER, experts: { count: 3, specialities: ['municipal-roads', 'tunnels'] } }, BIDS, POOL, 'tx', 'tx-publish')).toThrow(/no eligible expert left with speciality tunnels/);
    const onlyOneCost = POOL.filter((e) => e.expertId !== 'exp-sh-li' && e.expertId !== 'exp-ah-zheng');
    const twoCost = { ...TENDER, experts: { count: 4, specialities: ['cost-engineering', 'municipal-roads'] } };
    expect(drawExperts(twoCost, BIDS, onlyOneCost, 'tx', 'tx-publish').drawn).toContain('exp-ah-feng');
    expect(() => drawExperts(TENDER, BIDS, [...POOL, POOL[0] as (typeof POOL)[number]], 'tx', 'tx-publish')).toThrow(/lists an expert twice/);
  });
});
