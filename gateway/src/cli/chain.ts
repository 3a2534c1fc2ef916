/** `dtl chain verify [--data DIR]`: re-verifies the embedded ledger's chain from the stored data; exit 0 valid / 1 invalid. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { LEDGER_DB_DIR } from '../ledger/embedded/embedded-ledger';
import { readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import { verifyChain } from '../ledger/embedded/verify';
import { EXIT, type CliIo } from './io';

export async function runChainVerify(dataDir: string, io: CliIo): Promise<number> {
  const location = join(dataDir, LEDGER_DB_DIR);
  if (!existsSync(location)) {
    io.err(`dtl chain verify: no embedded ledger at ${location}\n`);
    return EXIT.BAD_INPUT;
  }
  let publicKey: Uint8Array;
  try {
    publicKey = readLedgerPublicKey(dataDir);
  } catch (error) {
    io.err(`dtl chain verify: ${(error as Error).message}\n`);
    return EXIT.BAD_INPUT;
  }
  const result = await verifyChain(location, publicKey);
  io.out(`blocks: ${result.height}\ntransactions: ${result.transactions}\n`);
  io.out(`record signatures: ${result.records.verified} verified, ${result.records.invalid} invalid, ${result.records.unknownKey} with no registered key\n`);
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
    .action(async (options: { data: string }) => {
      try {
        setExit(await runChainVerify(options.data, io));
      } catch (error) {
        io.err(`dtl chain verify: ${(error as Error).message}\n`);
        setExit(EXIT.BAD_INPUT);
      }
    });
  return chain;
}
