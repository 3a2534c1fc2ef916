/** The dtl command line: crypto tools, ledger verification and the gateway client. */
import { Command, CommanderError } from 'commander';
import { apikeyCommand } from './apikey-commands';
import { backupCommands } from './backup-commands';
import { chainCommand } from './chain';
import { sm2Command, sm3Command } from './crypto-commands';
import { gatewayCommands } from './gateway-commands';
import { keystoreCommand } from './keystore-commands';
import { indexCommand } from './index-commands';
import { EXIT, processIo, type CliIo } from './io';
import { trustCommand } from './trust-commands';
import { tenderCommand } from './tender-commands';

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('dtl')
    .description('Delta Trust Ledger command line')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  program.addCommand(sm2Command(io, setExit));
  program.addCommand(sm3Command(io, setExit));
  program.addCommand(chainCommand(io, setExit));
  for (const command of gatewayCommands(io, setExit)) program.addCommand(command);
  program.addCommand(trustCommand(io, setExit));
  program.addCommand(tenderCommand(io, setExit));
  for (const command of backupCommands(io, setExit)) program.addCommand(command);
  program.addCommand(apikeyCommand(io, setExit));
  program.addCommand(keystoreCommand(io, setExit));
  program.addCommand(indexCommand(io, setExit));
  return program;
}

/** Runs dtl with the given arguments; resolves to the exit code (usage errors are 2, like other bad input). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  const quiet = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    command.commands.forEach(quiet);
  };
  quiet(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
    }
    io.err(`dtl: ${(error as Error).message}\n`);
    return EXIT.BAD_INPUT;
  }
  return code;
}
