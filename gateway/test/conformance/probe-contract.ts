/**
 * The conformance probe: a small contract that calls every ChaincodeStub API the product's contracts rely on and
 * reports what it saw as JSON, so the conformance suite can compare ledgers through the Ledger port alone. Deploy
 * it beside the real contracts on any ledger the suite runs against.
 */
import { createHash } from 'node:crypto';
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';

function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

async function collect(iterator: AsyncIterable<{ key: string; value: Uint8Array }>): Promise<Array<{ key: string; value: string }>> {
  const out: Array<{ key: string; value: string }> = [];
  for await (const { key, value } of iterator) out.push({ key: hex(key), value: Buffer.from(value).toString('utf8') });
  return out;
}

@Info({ title: 'Conformance probe', description: 'Exercises the ChaincodeStub API for the ledger conformance suite' })
export class ProbeContract extends Contract {
  constructor() {
    super('probe');
  }

  @Transaction()
  @Returns('string')
  async put(ctx: Context, key: string, value: string): Promise<string> {
    await ctx.stub.putState(key, Buffer.from(value, 'utf8'));
    return JSON.stringify({ txId: ctx.stub.getTxID() });
  }

  @Transaction()
  @Returns('string')
  async putMany(ctx: Context, entriesJson: string): Promise<string> {
    const entries = JSON.parse(entriesJson) as Array<[string, string]>;
    for (const [key, value] of entries) await ctx.stub.putState(key, Buffer.from(value, 'utf8'));
    return JSON.stringify({ count: entries.length });
  }

  @Transaction()
  @Returns('string')
  async putComposite(ctx: Context, objectType: string, attributesJson: string, value: string): Promise<string> {
    const key = ctx.stub.createCompositeKey(objectType, JSON.parse(attributesJson) as string[]);
    await ctx.stub.putState(key, Buffer.from(value, 'utf8'));
    return JSON.stringify({ key: hex(key) });
  }

  @Transaction()
  @Returns('string')
  async del(ctx: Context, key: string): Promise<string> {
    await ctx.stub.deleteState(key);
    return '{}';
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: Context, key: string): Promise<string> {
    const value = await ctx.stub.getState(key);
    return JSON.stringify({ length: value.length, value: Buffer.from(value).toString('utf8'), isBuffer: value instanceof Uint8Array });
  }

  @Transaction()
  @Returns('string')
  async readThenWrite(ctx: Context, key: string, value: string): Promise<string> {
    const before = await ctx.stub.getState(key);
    await ctx.stub.putState(key, Buffer.from(value, 'utf8'));
    return JSON.stringify({ before: Buffer.from(before).toString('utf8') });
  }

  @Transaction()
  @Returns('string')
  async writeThenRead(ctx: Context, key: string, value: string): Promise<string> {
    await ctx.stub.putState(key, Buffer.from(value, 'utf8'));
    const seen = await ctx.stub.getState(key);
    return JSON.stringify({ seen: Buffer.from(seen).toString('utf8') });
  }

  @Transaction()
  @Returns('string')
  async countRangeThenWrite(ctx: Context, startKey: string, endKey: string, key: string): Promise<string> {
    const rows = await collect(ctx.stub.getStateByRange(startKey, endKey));
    await ctx.stub.putState(key, Buffer.from(String(rows.length), 'utf8'));
    return JSON.stringify({ count: rows.length });
  }

  @Transaction(false)
  @Returns('string')
  async compositeKey(ctx: Context, objectType: string, attributesJson: string): Promise<string> {
    const key = ctx.stub.createCompositeKey(objectType, JSON.parse(attributesJson) as string[]);
    const split = ctx.stub.splitCompositeKey(key);
    return JSON.stringify({ key: hex(key), split });
  }

  @Transaction(false)
  @Returns('string')
  async compositeKeyError(ctx: Context, objectType: string, attributesJson: string): Promise<string> {
    try {
      ctx.stub.createCompositeKey(objectType, JSON.parse(attributesJson) as string[]);
      return JSON.stringify({ error: null });
    } catch (error) {
      return JSON.stringify({ error: (error as Error).message });
    }
  }

  @Transaction(false)
  @Returns('string')
  async range(ctx: Context, startKey: string, endKey: string): Promise<string> {
    return JSON.stringify(await collect(ctx.stub.getStateByRange(startKey, endKey)));
  }

  @Transaction(false)
  @Returns('string')
  async rangeError(ctx: Context, startKey: string, endKey: string): Promise<string> {
    try {
      // fabric-shim rejects the promise (without an async iterator) when a key is invalid: await it directly.
      const iterator = await ctx.stub.getStateByRange(startKey, endKey);
      await iterator.close();
      return JSON.stringify({ error: null });
    } catch (error) {
      return JSON.stringify({ error: (error as Error).message });
    }
  }

  @Transaction(false)
  @Returns('string')
  async rangePage(ctx: Context, startKey: string, endKey: string, pageSize: string, bookmark: string): Promise<string> {
    const { iterator, metadata } = await ctx.stub.getStateByRangeWithPagination(startKey, endKey, Number(pageSize), bookmark);
    const keys: string[] = [];
    while (true) {
      const next = await iterator.next();
      if (next.done) break;
      keys.push(hex(next.value.key));
    }
    await iterator.close();
    return JSON.stringify({ keys, bookmark: hex(metadata.bookmark), fetched: metadata.fetchedRecordsCount });
  }

  @Transaction()
  @Returns('string')
  async pageThenWrite(ctx: Context, startKey: string, endKey: string): Promise<string> {
    await ctx.stub.getStateByRangeWithPagination(startKey, endKey, 1, '');
    await ctx.stub.putState(`${startKey}written`, Buffer.from('x'));
    return '{}';
  }

  @Transaction(false)
  @Returns('string')
  async partial(ctx: Context, objectType: string, attributesJson: string): Promise<string> {
    const rows = await collect(ctx.stub.getStateByPartialCompositeKey(objectType, JSON.parse(attributesJson) as string[]));
    return JSON.stringify(
      rows.map((row) => ({ ...row, split: ctx.stub.splitCompositeKey(Buffer.from(row.key, 'hex').toString('utf8')) })),
    );
  }

  @Transaction(false)
  @Returns('string')
  async history(ctx: Context, key: string): Promise<string> {
    const out: Array<{ txId: string; isDelete: boolean; value: string; seconds: string; nanos: number }> = [];
    for await (const modification of ctx.stub.getHistoryForKey(key)) {
      out.push({
        txId: modification.txId,
        isDelete: modification.isDelete,
        value: Buffer.from(modification.value).toString('utf8'),
        seconds: String(modification.timestamp.seconds),
        nanos: modification.timestamp.nanos,
      });
    }
    return JSON.stringify(out);
  }

  @Transaction()
  @Returns('string')
  async emit(ctx: Context, name: string, payload: string): Promise<string> {
    ctx.stub.setEvent('overwritten', Buffer.from('first'));
    ctx.stub.setEvent(name, Buffer.from(payload, 'utf8'));
    return '{}';
  }

  @Transaction()
  @Returns('string')
  async putPrivate(ctx: Context, collection: string, key: string): Promise<string> {
    const value = ctx.stub.getTransient().get('value');
    if (!value) throw new Error('TRANSIENT_MISSING: transient field "value" is required');
    await ctx.stub.putPrivateData(collection, key, value);
    const digest = createHash('sha256').update(value).digest('hex');
    await ctx.stub.putState(`pdc-digest~${key}`, Buffer.from(digest, 'utf8'));
    return JSON.stringify({ digest });
  }

  @Transaction(false)
  @Returns('string')
  async getPrivate(ctx: Context, collection: string, key: string): Promise<string> {
    const value = await ctx.stub.getPrivateData(collection, key);
    const hash = await ctx.stub.getPrivateDataHash(collection, key);
    return JSON.stringify({ value: Buffer.from(value).toString('utf8'), hash: Buffer.from(hash).toString('hex') });
  }

  @Transaction(false)
  @Returns('string')
  async whoami(ctx: Context): Promise<string> {
    const timestamp = ctx.stub.getTxTimestamp();
    return JSON.stringify({
      mspId: ctx.clientIdentity.getMSPID(),
      id: ctx.clientIdentity.getID(),
      creatorMspId: ctx.stub.getCreator().mspid,
      txId: ctx.stub.getTxID(),
      channelId: ctx.stub.getChannelID(),
      seconds: String(timestamp.seconds),
      nanos: timestamp.nanos,
      date: ctx.stub.getDateTimestamp().toISOString(),
      args: ctx.stub.getArgs(),
      fcn: ctx.stub.getFunctionAndParameters().fcn,
    });
  }

  @Transaction()
  @Returns('string')
  async whoamiSubmit(ctx: Context): Promise<string> {
    return this.whoami(ctx);
  }

  @Transaction()
  @Returns('string')
  async fail(_ctx: Context, message: string): Promise<string> {
    throw new Error(message);
  }

  @Transaction(false)
  @Returns('string')
  async richQuery(ctx: Context): Promise<string> {
    try {
      await collect(ctx.stub.getQueryResult('{"selector":{}}'));
      return JSON.stringify({ error: null });
    } catch (error) {
      return JSON.stringify({ error: (error as Error).message });
    }
  }
}
