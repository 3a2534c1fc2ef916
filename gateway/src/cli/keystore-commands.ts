/**
 * dtl keystore encrypt [--data DIR]   seals every private key and secret of a data dir still in clear under
 *                                     DTL_KEYSTORE_PASSPHRASE (secrets/migrate.ts); generates a sealed jwt.secret when
 *                                     there is none. Run with the gateway stopped. Exit 0 done, 2 bad input.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { encryptDataDir } from '../secrets/migrate';
import { EXIT, type CliIo } from './io';

export function keystoreCommand(io: CliIo, setExit: (code: number) => void): Command {
  const keystore = new Command('keystore').description('the data dir\'s private keys and secrets at rest');
  keystore
    .command('encrypt')
    .description('seal every private key and secret still in clear (keystore, ledger signing key, organisation identities, JWT secret) under DTL_KEYSTORE_PASSPHRASE')
    .option('--data <dir>', 'data directory of the gateway', process.env.DTL_DATA_DIR ?? './data')
    .action((options: { data: string }) => {
      const passphrase = process.env.DTL_KEYSTORE_PASSPHRASE;
      if (passphrase === undefined || passphrase.length < 12) {
        io.err('dtl keystore encrypt: set DTL_KEYSTORE_PASSPHRASE (at least 12 characters) to the passphrase the gateway will run with\n');
        setExit(EXIT.BAD_INPUT);
        return;
      }
      if (!existsSync(options.data)) {
        io.err(`dtl keystore encrypt: no data directory ${options.data}\n`);
        setExit(EXIT.BAD_INPUT);
        return;
      }
      try {
        const report = encryptDataDir(options.data, passphrase);
        for (const path of report.sealed) io.out(`sealed     ${path}\n`);
        for (const path of report.generated) io.out(`generated  ${path} (sealed)\n`);
        io.out(report.sealed.length + report.generated.length === 0 ? 'nothing in clear: every secret is already sealed\n' : `done: ${report.sealed.length} sealed, ${report.generated.length} generated\n`);
        setExit(EXIT.OK);
      } catch (error) {
        io.err(`dtl keystore encrypt: ${(error as Error).message}\n`);
        setExit(EXIT.BAD_INPUT);
      }
    });
  return keystore;
}
