/**
 * A whole tender in real time through the gateway (publish, sealed bids, draw, reveals, signed scores, evaluation,
 * award), records signed with the fixtures' dev keys: shared by the explorer and public-page browser tests.
 */
import { signFixtureRecord } from '@dtl/fixtures';
import { bidCommitment } from '../../chaincode/src/domain/tender/commitment';
import type { ExplorerGateway } from './gateway-harness';

const sleepUntil = (at: number): Promise<void> => new Promise((done) => setTimeout(done, Math.max(0, at - Date.now()) + 50));

/** A whole tender in real time (publish, sealed bids, draw, reveals, signed scores, evaluation, award), records signed with the fixtures' dev keys. */
export async function runTender(gw: ExplorerGateway, now: number = Date.now()): Promise<string> {
  const centre = await gw.token('js-nj-ggzy');
  const submit = async (path: string, record: { department: string } & Record<string, unknown>, token: string): Promise<Record<string, unknown>> => {
    const res = await gw.post<Record<string, unknown>>(path, { record: signFixtureRecord(record) }, token);
    if (res.status !== 201) throw new Error(`${String(record.type)} ${String(record.id)}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const experts = ['expert-sh-001', 'expert-js-001', 'expert-zj-001', 'expert-ah-001', 'expert-ah-002'];
  for (const expert of experts) {
    const res = await gw.post('/api/v1/experts', { record: signFixtureRecord({ type: 'tender.expert.profile', id: `profile-${expert}-${now}`, department: expert, specialities: ['municipal-roads'], affiliations: [] }) }, await gw.token(expert));
    if (res.status !== 201) throw new Error(`expert profile ${expert}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const tenderId = `JS-NJ-GC-${now}`;
  const bidDeadline = now + 5_000;
  const revealDeadline = bidDeadline + 4_000;
  await submit('/api/v1/tenders', {
    type: 'tender.publish',
    id: `pub-${tenderId}`,
    department: 'js-nj-ggzy',
    tenderId,
    title: '南京市江北新区示范道路改造工程施工',
    category: 'works',
    purchaser: 'sh-samr',
    documentDigest: 'c'.repeat(64),
    bidDeadline: new Date(bidDeadline).toISOString(),
    revealDeadline: new Date(revealDeadline).toISOString(),
    ceilingPrice: 4_850_000_000,
    criteria: { priceWeight: 60, technicalWeight: 40 },
    experts: { count: 3, specialities: ['municipal-roads'] },
    awardAuthority: 'sh-samr',
  }, centre);
  const bidders = ['91340100MA2W1X3K8U', '91340104MA2X2Y4L18', '91341100MA2Y3A5M7X', '91320100MA1W5C7P79'];
  const prices = [4_600_000_000, 4_400_000_000, 4_700_000_000, 4_500_000_000];
  const salt = '5a'.repeat(16);
  const bids = bidders.map((code, i) => ({ tenderId, bidderCreditCode: code, price: prices[i] as number, proposalDigest: 'd'.repeat(64), durationDays: 240 }));
  for (const [i, bid] of bids.entries()) {
    await submit(`/api/v1/tenders/${tenderId}/bids`, { type: 'tender.bid.commit', id: `bid-${now}-${i + 1}`, department: 'js-nj-ggzy', tenderId, bidderCreditCode: bid.bidderCreditCode, bidderName: `示范投标人${i + 1}`, commitment: bidCommitment(bid, salt) }, centre);
  }
  await sleepUntil(bidDeadline);
  const draw = await submit(`/api/v1/tenders/${tenderId}/draw`, { type: 'tender.draw', id: `draw-${tenderId}`, department: 'js-nj-ggzy', tenderId }, centre);
  const drawn = String(((draw.receipt as { refs: { drawn: string } }).refs).drawn).split(',');
  for (const [i, bid] of bids.entries()) {
    await submit(`/api/v1/tenders/${tenderId}/reveals`, { type: 'tender.bid.reveal', id: `reveal-${now}-${i + 1}`, department: 'js-nj-ggzy', tenderId, bidId: `bid-${now}-${i + 1}`, bid, salt }, centre);
  }
  await sleepUntil(revealDeadline);
  for (const [e, expert] of drawn.entries()) {
    for (let b = 0; b < bids.length; b++) {
      await submit(`/api/v1/tenders/${tenderId}/scores`, { type: 'tender.score', id: `score-${expert}-${now}-${b + 1}`, department: expert, tenderId, bidId: `bid-${now}-${b + 1}`, score: 7000 + 400 * b + 100 * e }, await gw.token(expert));
    }
  }
  const evaluation = await submit(`/api/v1/tenders/${tenderId}/evaluation`, { type: 'tender.evaluate', id: `eval-${tenderId}`, department: 'js-nj-ggzy', tenderId }, centre);
  const recommended = String(((evaluation.receipt as { refs: { recommended: string } }).refs).recommended).split(',');
  await submit(`/api/v1/tenders/${tenderId}/award`, { type: 'tender.award', id: `award-${tenderId}`, department: 'sh-samr', tenderId, bidId: recommended[0] }, await gw.token('sh-samr'));
  return tenderId;
}

