/** Shared sample data for the tender unit tests (imported only by *.test.ts). */
import type { CommittedBid, ExpertCandidate, TenderPublishRecord } from './types';

export const BIDDERS = {
  anhuiJianGong: '91340100MA2W1X3K8U',
  hefeiLuQiao: '91340104MA2X2Y4L18',
  chuzhouJianTou: '91341100MA2Y3A5M7X',
  nanjingShiZheng: '91320100MA1W5C7P79',
} as const;

export const TENDER: TenderPublishRecord = {
  type: 'tender.publish',
  id: 'rec-tender-hf-2025-001',
  department: 'hf-ggzy',
  tenderId: 'HFGGZY-2025-SZ-001',
  title: '合肥市包河区云谷路（徽州大道—紫云路）道路改造工程施工',
  category: 'works',
  purchaser: 'hf-bh-jsj',
  documentDigest: 'c'.repeat(64),
  bidDeadline: '2025-03-10T01:30:00Z',
  revealDeadline: '2025-03-10T06:00:00Z',
  ceilingPrice: 4_850_000_000,
  criteria: { priceWeight: 60, technicalWeight: 40 },
  experts: { count: 5, specialities: ['municipal-roads', 'cost-engineering'] },
  awardAuthority: 'hf-zjj',
};

export function expert(expertId: string, specialities: string[], affiliations: string[] = [], province: ExpertCandidate['province'] = 'anhui'): ExpertCandidate {
  return { expertId, province, specialities, affiliations };
}

export const POOL: ExpertCandidate[] = [
  expert('exp-sh-wang', ['municipal-roads'], [], 'shanghai'),
  expert('exp-sh-li', ['cost-engineering'], [], 'shanghai'),
  expert('exp-js-zhao', ['municipal-roads', 'bridges'], [], 'jiangsu'),
  expert('exp-js-qian', ['cost-engineering'], [BIDDERS.nanjingShiZheng], 'jiangsu'),
  expert('exp-zj-sun', ['municipal-roads'], [], 'zhejiang'),
  expert('exp-zj-zhou', ['electrical'], [], 'zhejiang'),
  expert('exp-ah-wu', ['municipal-roads'], ['hf-bh-jsj']),
  expert('exp-ah-zheng', ['cost-engineering', 'municipal-roads'], []),
  expert('exp-ah-feng', ['bridges', 'cost-engineering'], []),
  expert('hf-bh-jsj', ['municipal-roads'], []),
];

export function commit(bidId: string, bidderCreditCode: string, commitment: string, committedAt = '2025-03-09T02:00:00Z'): CommittedBid {
  return { bidId, bidderCreditCode, bidderName: `bidder ${bidId}`, commitment, commitTxId: `tx-${bidId}`, committedAt };
}
