/**
 * `dtl chain verify [--data DIR] [--trust BUNDLE]`: re-verifies the embedded ledger's chain from the stored data;
 * exit 0 valid / 1 invalid. With --trust the copy is checked against the pinned anchor (block 0 is the pinned genesis,
 * every block signed by a pinned block signer) and the copy's own key file is not read: a copy handed over by someone
 * else is verified this way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { LEDGER_DB_DIR } from '../ledger/embedded/embedded-ledger';
import { readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import { verifyChain } from '../ledger/embedded/verify';
import { hexToBytes } from '@dtl/chaincode/crypto';
import { decodeBlock } from '../ledger/embedded/block';
import { LedgerStore } from '../ledger/embedded/store';
import type { TrustBundle } from '../trust/bundle';
import { BadInput, EXIT, type CliIo } from './io';
import { readTrustBundle } from './verify-command';

/** The pinned block signer that signed block 0 of the copy (by its fingerprint hint), and whether block 0 is the pinned genesis. */
async function anchorOf(location: string, bundle: TrustBundle): Promise<{ key: Uint8Array; genesisOk: boolean; genesisHash: string }> {
  if (bundle.network !== 'embedded') throw new BadInput('a Fabric trust bundle cannot anchor an embedded chain copy');
  const store = await LedgerStore.open(location);
  try {
    const raw = await store.getBlockBytes(0);
    const genesis = raw ? decodeBlock(raw) : undefined;
    const signer = bundle.blockSigners.find((s) => s.keyFingerprint === genesis?.signature?.signer) ?? bundle.blockSigners[0];
    if (!signer) throw new BadInput('the trust bundle pins no block signer');
    return { key: hexToBytes(signer.publicKey), genesisOk: genesis?.hash === bundle.genesisHash, genesisHash: genesis?.hash ?? '(none)' };
  } finally {
    await store.close();
  }
}

export async function runChainVerify(dataDir: string, io: CliIo, trustFile?: string): Promise<number> {
  const location = join(dataDir, LEDGER_DB_DIR);
  if (!existsSync(location)) {
    io.err(`dtl chain verify: no embedded ledger at ${location}\n`);
    return EXIT.BAD_INPUT;
  }
  let publicKey: Uint8Array;
  let genesisOk = true;
  try {
    if (trustFile !== undefined) {
      const bundle = readTrustBundle(trustFile);
      const anchor = await anchorOf(location, bundle);
      publicKey = anchor.key;
      genesisOk = anchor.genesisOk;
      io.out(`anchor: trust bundle ${String(bundle.fingerprint)}; genesis ${anchor.genesisOk ? 'matches' : `DOES NOT match (copy has ${anchor.genesisHash})`}\n`);
    } else {
      publicKey = readLedgerPublicKey(dataDir);
      io.out(`anchor: the data directory's own ledger key file (pass --trust BUNDLE to check a copy against a published anchor)\n`);
    }
  } catch (error) {
    io.err(`dtl chain verify: ${(error as Error).message}\n`);
    return EXIT.BAD_INPUT;
  }
  const started = process.hrtime.bigint();
  const result = await verifyChain(location, publicKey);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!genesisOk) {
    io.out(`blocks: ${result.height}\ntransactions: ${result.transactions}\nchain: INVALID, block 0 is not the pinned genesis block\n`);
    return EXIT.INVALID;
  }
  io.out(`blocks: ${result.height}\ntransactions: ${result.transactions} (${Math.round(result.transactions / Math.max(seconds, 1e-9))} tx/s)\n`);
  io.out(`record signatures: ${result.records.verified} verified, ${result.records.invalid} invalid, ${result.records.unknownKey} with no registered key, ${result.records.hashOnly} protected (hash-only form on the chain)\n`);
  if (result.ok) {
    io.out('chain: OK\n');
    return EXIT.OK;
  }
  io.out(`chain: INVALID, first bad block ${String(result.firstBadBlock)}\n`);
  for (const problem of result.problems) io.out(`  block ${problem.block}: ${problem.code}: ${problem.detail}\n`);
  return EXIT.INVALID;
}

export function chainCommand(io: CliIo, setExit: (code: number) => void): Command {
  const chain = new Command('chain').description('inspect and verify the embedded ledger');
  chain
    .command('verify')
    .description('re-verify every block hash, link, data hash, block signature, record signature, and the state/history against the blocks')
    .option('--data <dir>', 'data directory of the embedded ledger', process.env.DTL_DATA_DIR ?? './data')
    .option('--trust <bundle.json>', 'check the copy against this pinned trust bundle instead of its own key file')
    .action(async (options: { data: string; trust?: string }) => {
      try {
        setExit(await runChainVerify(options.data, io, options.trust));
      } catch (error) {
        io.err(`dtl chain verify: ${(error as Error).message}\n`);
        setExit(EXIT.BAD_INPUT);
      }
    });
  return chain;
}
