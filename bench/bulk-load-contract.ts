/**
 * The benchmarks' bulk loader (bench:ledger, bench:backup): `bulk:load(start, count)` writes `count` generated records
 * in one transaction through the ledger's own endorse/order/validate/commit path (unsigned: signature cost is
 * measured apart), `bulk:get(id)` reads one back.
 */
import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';

export class BulkLoadContract extends Contract {
  constructor() {
    super('bulk');
  }

  @Transaction()
  @Returns('string')
  async load(ctx: Context, start: string, count: string): Promise<string> {
    const first = Number(start);
    for (let i = first; i < first + Number(count); i++) {
      const id = String(i).padStart(8, '0');
      const record = { id, subject: `913400007${id}`, statement: '守信', issuedAt: '2024-05-01T08:00:00Z' };
      await ctx.stub.putState(ctx.stub.createCompositeKey('record', [id]), Buffer.from(JSON.stringify(record)));
    }
    return count;
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: Context, id: string): Promise<string> {
    const value = await ctx.stub.getState(ctx.stub.createCompositeKey('record', [id]));
    if (value.length === 0) throw new Error(`NOT_FOUND: ${id}`);
    return Buffer.from(value).toString('utf8');
  }
}
