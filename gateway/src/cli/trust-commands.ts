/**
 * `dtl trust export --data DIR | --url GATEWAY [--publisher TEXT] [--out FILE]`: the embedded ledger's trust bundle
 * (genesis hash, block-signing key) with its phone-readable fingerprint, for a province to publish.
 * `dtl trust show FILE`: checks a bundle and prints its fingerprint and anchors, to compare with what was published.
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { keyPhoneFingerprint, parseTrustBundle, sealTrustBundle, type TrustBundle } from '../trust/bundle';
import { exportEmbeddedTrust } from '../trust/export-embedded';
import { BadInput, EXIT, type CliIo } from './io';
import { readTrustBundle } from './verify-command';

function describe(bundle: TrustBundle): string {
  const lines = [`trust bundle ${String(bundle.fingerprint)}  (${bundle.network}, published by ${bundle.publisher}, ${bundle.createdAt})`, `  genesis block hash ${bundle.genesisHash}`];
  if (bundle.network === 'embedded') {
    for (const signer of bundle.blockSigners) lines.push(`  block signer ${keyPhoneFingerprint(signer.publicKey)}  (SM2 key ${signer.keyFingerprint})`);
  } else {
    lines.push(`  channel ${bundle.channel}`);
    for (const org of bundle.orderers) lines.push(`  orderer org ${org.mspId}: ${org.rootCerts.length} CA certificate(s)`);
    for (const org of bundle.organisations) lines.push(`  organisation ${org.mspId}: ${org.rootCerts.length} CA certificate(s)`);
  }
  return `${lines.join('\n')}\n`;
}

/** The bundle the operator's own gateway serves, relabelled with the publisher (labels do not change the fingerprint). */
async function fromGateway(url: string, publisher: string): Promise<TrustBundle> {
  const res = await fetch(`${url.replace(/\/$/, '')}/api/v1/trust`);
  if (!res.ok) throw new Error(`GET /api/v1/trust: ${res.status}`);
  return sealTrustBundle({ ...parseTrustBundle(await res.json()), publisher, createdAt: new Date().toISOString() });
}

export function trustCommand(io: CliIo, setExit: (code: number) => void): Command {
  const trust = new Command('trust').description('trust anchors: export and inspect the bundle a verifier pins');
  trust
    .command('export')
    .description("write the embedded ledger's trust bundle (genesis hash, block-signing key) with its fingerprint")
    .option('--data <dir>', 'data directory of the embedded ledger', process.env.DTL_DATA_DIR ?? './data')
    .option('--publisher <text>', 'who publishes the bundle', 'Delta Trust Ledger (embedded)')
    .option('--out <file>', 'write the bundle here (default: stdout)')
    .option('--url <gateway>', "instead of --data: ask the operator's own running gateway (GET /api/v1/trust; the data dir is locked while it runs)")
    .action(async (options: { data: string; publisher: string; out?: string; url?: string }) => {
      try {
        const bundle = options.url === undefined ? await exportEmbeddedTrust(options.data, options.publisher) : await fromGateway(options.url, options.publisher);
        const json = `${JSON.stringify(bundle, null, 2)}\n`;
        if (options.out === undefined) io.out(json);
        else {
          writeFileSync(options.out, json);
          io.out(describe(bundle));
        }
        setExit(EXIT.OK);
      } catch (error) {
        io.err(`dtl trust export: ${(error as Error).message}\n`);
        setExit(EXIT.BAD_INPUT);
      }
    });
  trust
    .command('show')
    .description('check a trust bundle and print its fingerprint (read it out over the phone to compare)')
    .argument('<bundle.json>')
    .action((file: string) => {
      try {
        io.out(describe(readTrustBundle(file)));
        setExit(EXIT.OK);
      } catch (error) {
        io.err(`dtl trust show: ${error instanceof BadInput ? error.message : (error as Error).message}\n`);
        setExit(EXIT.BAD_INPUT);
      }
    });
  return trust;
}
