/** Shared sample data for the traceability unit tests (imported only by *.test.ts). */
import type { BatchSpec, TraceDerivationRecord, TraceEventRecord } from './types';

export const COOP_JINZHAI = '93341524MA2N7K4XX7';
export const COOP_HUOSHAN = '93341525MA2P1Q8R1R';

export function guapianSpec(batchId = 'LA-GP-2024-001', quantity = 500): BatchSpec {
  return {
    batchId,
    product: { name: '六安瓜片', standard: 'GB/T 21824' },
    origin: { province: '安徽省', city: '六安市', county: '金寨县', place: '齐山村' },
    producer: { kind: 'cooperative', name: '金寨县齐山茶叶专业合作社', creditCode: COOP_JINZHAI },
    quantity,
    unit: 'kg',
    harvestSeason: '2024-spring',
  };
}

type Kind = TraceEventRecord['kind'];
const DETAILS: { [K in Kind]: Extract<TraceEventRecord, { kind: K }>['details'] } = {
  planting: { plot: '齐山村3号茶园' },
  harvest: { method: '一芽二叶手采' },
  inspection: { laboratory: '六安市农产品质量安全检测中心', reportNumber: 'LA-2024-0311', reportDigest: 'a'.repeat(64), result: 'pass' },
  processing: { process: '扳片、炒生锅、炒熟锅、拉毛火、拉老火' },
  shipment: { from: '金寨县', to: '上海市黄浦区' },
  sale: { seller: '上海茶叶市场某经销商' },
  transfer: { to: 'sh-hp-tea-shop', as: 'seller' },
  'input-use': { category: 'pesticide', name: '吡虫啉 10% 可湿性粉剂', dose: '20 g/亩', safetyIntervalDays: 7 },
};

export function event(id: string, kind: Kind, batchId = 'LA-GP-2024-001', occurredAt = '2024-04-01T00:00:00Z', result?: 'pass' | 'fail'): TraceEventRecord {
  const details = kind === 'inspection' && result !== undefined ? { ...DETAILS.inspection, result } : DETAILS[kind];
  return { type: 'trace.event', id, department: 'ja-jinzhai-coop', batchId, kind, occurredAt, details } as TraceEventRecord;
}

export function derivation(kind: TraceDerivationRecord['kind'], inputs: TraceDerivationRecord['inputs'], outputs: BatchSpec[], process?: string): TraceDerivationRecord {
  const base = { type: 'trace.derivation' as const, id: `drv-${kind}`, department: 'ja-jinzhai-coop', kind, inputs, outputs };
  return process === undefined ? base : { ...base, process };
}
