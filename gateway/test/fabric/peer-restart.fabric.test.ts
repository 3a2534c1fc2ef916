/**
 * A province's peer goes down and comes back: submits keep committing through the other provinces (a majority is
 * still there), a submit through the restarted peer succeeds once its discovery has found the others again, and a
 * block reader following the restarted peer resumes from its checkpoint without a gap or a repeated block.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createFabricLedger, type FabricLedger } from '../../src/ledger/fabric';
import type { BlockView } from '../../src/ledger/ledger';

const NETWORK = join(resolve(__dirname, '../../..'), 'network-config/scripts/network.sh');
const network = (...args: string[]): void => {
  execFileSync('bash', [NETWORK, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
};

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Fabric adapter across a peer restart', () => {
  let ledger: FabricLedger;
  const run = Date.now().toString(36);

  beforeAll(async () => {
    // Blocks are read through Shanghai's peer (the default reader); submits go through Jiangsu's.
    ledger = await createFabricLedger({ chaincode: 'dtlprobe' });
  });

  afterAll(async () => {
    network('start-peer', 'shanghai');
    await ledger?.close();
  });

  const put = (key: string): ReturnType<FabricLedger['submit']> =>
    ledger.submit({ identity: { province: 'jiangsu', role: 'client' }, contract: 'probe', transaction: 'put', args: [`${run}/${key}`, key] });

  it('keeps committing with Shanghai down, and the block reader resumes without gaps or repeats', async () => {
    const start = await ledger.height();
    const controller = new AbortController();
    const seen: BlockView[] = [];
    const txIds: string[] = [];
    const reader = (async (): Promise<void> => {
      for await (const block of ledger.blocks(start, controller.signal)) seen.push(block);
    })();

    try {
      const before = await put('before');
      await until(() => seen.some((b) => b.number === before.blockNumber), 20_000);

      network('stop-peer', 'shanghai');
      const during = await put('during'); // endorsed by Jiangsu, Zhejiang and Anhui: still a majority
      expect(during.validationCode).toBe('VALID');

      network('start-peer', 'shanghai');
      // Straight through the restarted peer: its gateway must rediscover the other provinces' peers first.
      const viaShanghai = await ledger.submit({
        identity: { province: 'shanghai', role: 'client' },
        contract: 'probe',
        transaction: 'put',
        args: [`${run}/via-shanghai`, 'x'],
      });
      expect(viaShanghai.validationCode).toBe('VALID');
      const after = await put('after');
      await until(() => seen.some((b) => b.number >= after.blockNumber), 60_000);
      txIds.push(before.txId, during.txId, viaShanghai.txId, after.txId);
    } finally {
      controller.abort();
      await reader;
    }

    const numbers = seen.map((b) => b.number);
    expect(numbers[0]).toBe(start);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => start + i));
    for (let i = 1; i < seen.length; i++) expect(seen[i]?.previousHash).toBe(seen[i - 1]?.hash);
    expect(seen.flatMap((b) => b.transactions.map((t) => t.txId))).toEqual(expect.arrayContaining(txIds));
  });
});
