/** What a batch's label says, from its public trace view (the record that created the batch, and its department). */
import { trace } from '@dtl/chaincode';
import type { DepartmentDirectory } from '../http/directory';
import type { LabelFacts } from './pdf/label-sheet';
import { cst } from './pdf/names-zh';

interface ChainEntry {
  readonly record: Readonly<Record<string, unknown>>;
  readonly committedAt?: string;
  readonly departmentName?: string;
}

type Spec = Readonly<Record<string, unknown>>;
const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** The batch spec (product, origin, producer, quantity) from its registration or the derivation that made it. */
function creation(chain: readonly ChainEntry[], batchId: string): { spec: Spec; entry: ChainEntry } | undefined {
  for (const entry of chain) {
    const r = entry.record;
    if (r.type === 'trace.batch.register' && r.batchId === batchId) return { spec: r, entry };
    if (r.type === 'trace.derivation' && Array.isArray(r.outputs)) {
      const output = (r.outputs as Spec[]).find((o) => o.batchId === batchId);
      if (output !== undefined) return { spec: output, entry };
    }
  }
  return undefined;
}

export async function labelFacts(view: Readonly<Record<string, unknown>>, batchId: string, qrPayload: string, address: string, directory: DepartmentDirectory): Promise<LabelFacts | undefined> {
  const chain = (Array.isArray(view.chain) ? view.chain : []) as ChainEntry[];
  const made = creation(chain, batchId);
  if (made === undefined) return undefined;
  const { spec, entry } = made;
  const product = (spec.product ?? {}) as Spec;
  const origin = (spec.origin ?? {}) as Spec;
  const producer = (spec.producer ?? {}) as Spec;
  const department = await directory.get(str(entry.record.department));
  const place = department === undefined ? '' : `${department.city}${department.county ?? ''}`;
  return {
    batchId,
    checkCode: trace.parseQrPayload(qrPayload).checkCode,
    address,
    product: [str(product.name), str(product.standard)].filter(Boolean).join(' · '),
    quantity: `${str(spec.quantity)} ${str(spec.unit)}`.trim(),
    date: `${cst(str(entry.committedAt ?? ''))}${spec.harvestSeason ? `（${str(spec.harvestSeason)}）` : ''}`,
    origin: [origin.province, origin.city, origin.county, origin.place].map(str).filter(Boolean).join(''),
    producer: `${str(producer.name)}${producer.creditCode ? `（${str(producer.creditCode)}）` : ''}`,
    contact: department === undefined ? str(entry.record.department) : `${department.nameZh}，${place}`,
  };
}
