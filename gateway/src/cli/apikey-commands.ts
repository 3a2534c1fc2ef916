/**
 * dtl apikey create --department D [--key-id K] (--days N | --expires ISO) [--label TEXT] [--data DIR]
 * dtl apikey list [--data DIR] [--json]
 * dtl apikey revoke ID [--data DIR]
 * Operator-managed API keys in the data dir's keystore (keystore/api-keys.ts). The key is printed once, at creation;
 * only its SM3 digest is stored. It is bound to one of the department's registered keys (default: the e-seal key the
 * gateway holds for it) and dies with it. A running gateway on the same data dir sees revocations within a second.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { ApiKeyError, ApiKeyStore } from '../keystore/api-keys';
import { KEYSTORE_DIR, Keystore } from '../keystore/keystore';
import { BadInput, EXIT, type CliIo } from './io';

const DEFAULT_DATA = (): string => process.env.DTL_DATA_DIR ?? './data';
const DEPARTMENT = /^[A-Za-z0-9._:-]{1,128}$/;

function storeOf(dataDir: string): ApiKeyStore {
  if (!existsSync(join(dataDir, KEYSTORE_DIR))) throw new BadInput(`no keystore in ${dataDir} (--data DIR names the gateway's data directory)`);
  return new ApiKeyStore(join(dataDir, KEYSTORE_DIR));
}

function expiryOf(options: { days?: string; expires?: string }): Date {
  if ((options.days === undefined) === (options.expires === undefined)) throw new BadInput('give the expiry: --days N or --expires 2027-06-30T00:00:00+08:00 (one of them)');
  if (options.days !== undefined) {
    if (!/^\d{1,4}$/.test(options.days) || Number(options.days) < 1 || Number(options.days) > 3650) throw new BadInput('--days must be a whole number of days from 1 to 3650');
    return new Date(Date.now() + Number(options.days) * 86_400_000);
  }
  const at = new Date(options.expires ?? '');
  if (Number.isNaN(at.getTime()) || !/(Z|[+-]\d{2}:\d{2})$/.test(options.expires ?? '')) throw new BadInput('--expires must be an ISO 8601 time with a zone (Z or +08:00)');
  if (at.getTime() <= Date.now()) throw new BadInput(`--expires ${options.expires ?? ''} is in the past`);
  return at;
}

async function guarded(io: CliIo, name: string, run: () => void | Promise<void>): Promise<number> {
  try {
    await run();
    return EXIT.OK;
  } catch (error) {
    if (error instanceof BadInput || error instanceof ApiKeyError) {
      io.err(`dtl apikey ${name}: ${error.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }
}

export function apikeyCommand(io: CliIo, setExit: (code: number) => void): Command {
  const apikey = new Command('apikey').description('manage API keys of departments (created with an expiry, shown once, stored hashed, revocable)');
  apikey
    .command('create')
    .description('create an API key for a department, bound to one of its registered keys')
    .requiredOption('--department <id>', 'department id')
    .option('--key-id <keyId>', "the department's registered key the API key dies with (default: its e-seal key in this keystore)")
    .option('--days <n>', 'valid for this many days')
    .option('--expires <iso>', 'valid until this time (ISO 8601 with zone)')
    .option('--label <text>', 'what the key is for (shown by list)')
    .option('--data <dir>', 'data directory of the gateway', DEFAULT_DATA())
    .action(async (options: { department: string; keyId?: string; days?: string; expires?: string; label?: string; data: string }) => {
      setExit(
        await guarded(io, 'create', () => {
          if (!DEPARTMENT.test(options.department)) throw new BadInput('--department must be a department id');
          const expiresAt = expiryOf(options);
          let keyId = options.keyId;
          if (keyId === undefined) {
            keyId = Keystore.open({ dataDir: options.data, passphrase: process.env.DTL_KEYSTORE_PASSPHRASE }).keyFor(options.department)?.keyId;
            if (keyId === undefined) throw new BadInput(`the keystore holds no key for ${options.department}; name its registered key with --key-id`);
          }
          const created = storeOf(options.data).create(options.department, keyId, expiresAt, options.label);
          io.out(`id: ${created.entry.id}\ndepartment: ${created.entry.department}\nbound to key: ${created.entry.keyId}\nexpires: ${created.entry.expiresAt}\n`);
          io.out(`api key: ${created.apiKey}\n(shown once: only its SM3 digest is stored)\n`);
        }),
      );
    });
  apikey
    .command('list')
    .description('list API keys (ids, departments, bound keys, expiry, revocation; never the keys)')
    .option('--data <dir>', 'data directory of the gateway', DEFAULT_DATA())
    .option('--json', 'JSON output')
    .action(async (options: { data: string; json?: boolean }) => {
      setExit(
        await guarded(io, 'list', () => {
          const entries = storeOf(options.data).list().map(({ digest: _digest, ...shown }) => shown);
          if (options.json) {
            io.out(`${JSON.stringify(entries, null, 2)}\n`);
            return;
          }
          for (const e of entries) {
            const state = e.revokedAt !== undefined ? `revoked ${e.revokedAt}` : Date.parse(e.expiresAt) <= Date.now() ? 'expired' : 'active';
            io.out(`${e.id}  ${e.department.padEnd(18)} key ${e.keyId.padEnd(28)} expires ${e.expiresAt}  ${state}${e.demo ? '  (demo)' : ''}${e.label ? `  ${e.label}` : ''}\n`);
          }
          if (entries.length === 0) io.out('no API keys\n');
        }),
      );
    });
  apikey
    .command('revoke')
    .description('revoke an API key by id; tokens obtained with it stop working too')
    .argument('<id>', 'API key id (ak-…)')
    .option('--data <dir>', 'data directory of the gateway', DEFAULT_DATA())
    .action(async (id: string, options: { data: string }) => {
      setExit(
        await guarded(io, 'revoke', () => {
          const revoked = storeOf(options.data).revoke(id);
          io.out(`revoked ${revoked.id} (${revoked.department}) at ${revoked.revokedAt ?? ''}\n`);
        }),
      );
    });
  return apikey;
}
