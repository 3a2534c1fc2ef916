/**
 * A standby embedded ledger that replays the primary's blocks (two sites, 两地三中心). The primary serves its stored
 * blocks — with their read/write sets, signed by its ledger key — on its control socket (forward it to the second
 * site over SSH: `ssh -N -L /run/dtl/primary.sock:/srv/dtl/data/control.sock primary`). The standby, seeded by
 * `dtl restore` of a primary backup, checks each block (number, link to its own head, data, metadata and header
 * hashes, SM2 signature by the primary's key from `ledger-key.pub.pem`) and commits exactly what the primary's
 * committer wrote for it: block, height, tx index, public state and history, and the private-data hashes (the private
 * values themselves stay with the primary, as on a Fabric peer outside a collection; they come with the next backup).
 * A block that does not extend the standby's chain (a fork, a rollback) is refused, never applied.
 */
import { readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import { computeDataHash, computeHeaderHash, computeMetadataHash, decodeBlock, verifyBlockSignature, type StoredBlock } from '../ledger/embedded/block';
import { blockOperations } from '../ledger/embedded/committer';
import { LEDGER_DB_DIR } from '../ledger/embedded/embedded-ledger';
import { encodeVersioned, privateHashKey } from '../ledger/embedded/layout';
import { LedgerStore, type BatchOperation } from '../ledger/embedded/store';
import { join } from 'node:path';
import { BackupError } from './backup';

/** Fetches up to `limit` stored blocks from `from` on (raw bytes, in order); fewer when the primary has no more. */
export type BlockFeed = (from: number, limit: number) => Promise<Buffer[]>;

/** Why `block` cannot follow a head (number, hash), or undefined. */
export function blockRefusal(block: StoredBlock, number: number, previousHash: string, primaryKey: Uint8Array): string | undefined {
  if (block.header?.number !== number) return `the feed sent block ${String(block.header?.number)} where block ${number} was due`;
  if (block.header.previousHash !== previousHash) return `block ${number} does not link to the standby's block ${number - 1} (a fork or a rollback at the primary?)`;
  if (computeDataHash(block.transactions) !== block.header.dataHash) return `block ${number}: transactions do not match the data hash`;
  if (computeMetadataHash(block.validationCodes) !== block.header.metadataHash) return `block ${number}: validation codes do not match the metadata hash`;
  const hash = computeHeaderHash(block.header);
  if (hash !== block.hash) return `block ${number}: header hash mismatch`;
  if (!verifyBlockSignature(block, primaryKey)) return `block ${number}: not signed by the primary's ledger key`;
  return undefined;
}

/** What the primary's committer wrote for a block, less the private values: the block's own content, replayed. */
export function replayOperations(block: StoredBlock): BatchOperation[] {
  const operations = blockOperations(block, []);
  block.transactions.forEach((tx, index) => {
    if (block.validationCodes[index] !== 'VALID') return;
    const version = { block: block.header.number, tx: index };
    for (const write of tx.rwset.hashedWrites) {
      const key = privateHashKey(write.collection, Buffer.from(write.keyHash, 'hex'));
      if (write.isDelete) operations.push({ type: 'del', key });
      else operations.push({ type: 'put', key, value: encodeVersioned(version, Buffer.from(write.valueHash, 'hex')) });
    }
  });
  return operations;
}

export interface FollowResult {
  readonly applied: number;
  readonly height: number;
  readonly head: string;
}

/** Applies every block the feed has beyond the standby's height, one atomic synced batch per block. */
export async function followOnce(standbyDataDir: string, feed: BlockFeed, batch = 100): Promise<FollowResult> {
  const primaryKey = readLedgerPublicKey(standbyDataDir);
  const store = await LedgerStore.open(join(standbyDataDir, LEDGER_DB_DIR));
  let applied = 0;
  try {
    let height = await store.height();
    let head = height === 0 ? '' : decodeBlock((await store.getBlockBytes(height - 1)) ?? Buffer.alloc(0)).hash;
    for (;;) {
      const raws = await feed(height, batch);
      for (const raw of raws) {
        let block: StoredBlock;
        try {
          block = decodeBlock(raw);
        } catch {
          throw new BackupError(`standby: block ${height} from the feed is not a stored block`);
        }
        const refusal = blockRefusal(block, height, head, primaryKey);
        if (refusal !== undefined) throw new BackupError(`standby: ${refusal}; nothing applied from it on`);
        await store.commitBatch(replayOperations(block), true);
        height++;
        head = block.hash;
        applied++;
      }
      if (raws.length < batch) return { applied, height, head };
    }
  } finally {
    await store.close();
  }
}
