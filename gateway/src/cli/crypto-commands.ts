/** dtl sm2 keygen | sign | verify, dtl sm3: SM2/SM3 on files, interoperable with `openssl pkeyutl`. */
import { Command } from 'commander';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import {
  bytesToHex,
  CryptoError,
  DEFAULT_USER_ID,
  hexToBytes,
  sm2GenerateKeyPair,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm2PublicKeyFromPem,
  sm2PublicKeyToPem,
  sm2Sign,
  sm2Verify,
  sm3Hex,
} from '@dtl/chaincode/crypto';
import { BadInput, EXIT, type CliIo } from './io';

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new BadInput(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function readText(path: string, what: string): string {
  return readInput(path, what).toString('utf8');
}

/** Runs a command body, mapping typed crypto errors and BadInput to exit code 2 with a one-line reason. */
async function guarded(io: CliIo, body: () => number | Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof BadInput || error instanceof CryptoError) {
      io.err(`dtl: ${error.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }
}

export function sm2Command(io: CliIo, setExit: (code: number) => void): Command {
  const sm2 = new Command('sm2').description('SM2 keys and signatures (GB/T 32918, with Z_A), compatible with OpenSSL 3');

  sm2
    .command('keygen')
    .description('generate an SM2 key pair as PKCS#8 / SPKI PEM (private key file mode 0600)')
    .requiredOption('--out <file>', 'private key PEM to write')
    .option('--pub-out <file>', 'public key PEM to write')
    .action(async (options: { out: string; pubOut?: string }) => {
      setExit(
        await guarded(io, () => {
          const keys = sm2GenerateKeyPair();
          writeFileSync(options.out, sm2PrivateKeyToPem(keys.privateKey), { mode: 0o600 });
          chmodSync(options.out, 0o600);
          if (options.pubOut) writeFileSync(options.pubOut, sm2PublicKeyToPem(keys.publicKey));
          return EXIT.OK;
        }),
      );
    });

  sm2
    .command('sign')
    .description('sign a file; prints the DER signature as hex')
    .requiredOption('--key <file>', 'private key PEM (PKCS#8 or SEC1)')
    .requiredOption('--in <file>', 'file to sign')
    .option('--id <uid>', 'SM2 user ID for Z_A', DEFAULT_USER_ID)
    .action(async (options: { key: string; in: string; id: string }) => {
      setExit(
        await guarded(io, () => {
          const privateKey = sm2PrivateKeyFromPem(readText(options.key, 'key'));
          io.out(bytesToHex(sm2Sign(readInput(options.in, 'input'), privateKey, options.id)) + '\n');
          return EXIT.OK;
        }),
      );
    });

  sm2
    .command('verify')
    .description('verify a DER hex signature of a file; exit 0 valid, 1 invalid, 2 bad input')
    .requiredOption('--pub <file>', 'public key PEM (SPKI)')
    .requiredOption('--in <file>', 'signed file')
    .requiredOption('--sig <hex>', 'DER signature as hex')
    .option('--id <uid>', 'SM2 user ID for Z_A', DEFAULT_USER_ID)
    .action(async (options: { pub: string; in: string; sig: string; id: string }) => {
      setExit(
        await guarded(io, () => {
          const publicKey = sm2PublicKeyFromPem(readText(options.pub, 'public key'));
          const valid = sm2Verify(hexToBytes(options.sig.trim()), readInput(options.in, 'input'), publicKey, options.id);
          io.out(valid ? 'valid\n' : 'invalid\n');
          return valid ? EXIT.OK : EXIT.INVALID;
        }),
      );
    });
  return sm2;
}

export function sm3Command(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('sm3')
    .description('print the SM3 digest of a file as hex')
    .argument('<file>')
    .action(async (file: string) => {
      setExit(
        await guarded(io, () => {
          io.out(sm3Hex(readInput(file, 'input')) + '\n');
          return EXIT.OK;
        }),
      );
    });
}
