/**
 * `dtl verify proof.json [--trust bundle.json] [--chain DIR] [--header FILE] [--json]`: offline verification.
 *
 * Only a pinned trust bundle anchors a proof. Without one the command runs the self-consistency checks, prints
 * UNANCHORED (never VALID) and exits 3, whatever those checks say: a proof rebuilt around a freshly made key is
 * self-consistent too. A copy of the chain (--chain) is checked against the bundle (genesis, every block signature
 * under the pinned keys); a trusted header (--header) is one more comparison, not an anchor.
 */
import { OFFLINE_LIMITS } from '../proof/anchored';
import { verifyProofAgainstBundle } from '../proof/anchored-node';
import { checkAgainstChainCopy } from '../proof/chain-copy';
import type { Proof } from '../proof/types';
import { verifyProof, type Check, type TrustedHeader } from '../proof/verify';
import { parseTrustBundle, TrustBundleError, type TrustBundle } from '../trust/bundle';
import { isTenderEvidence } from '../evidence/tender-evidence';
import { BadInput, EXIT, readJson, type CliIo } from './io';
import { verifyTenderEvidence } from './tender-commands';

export interface VerifyOptions {
  readonly trust?: string;
  readonly chain?: string;
  readonly header?: string;
  readonly json?: boolean;
}

/** A proof file is the proof itself, or a gateway answer holding one (`{ receipt, proof }`, `{ proof }`). */
export function proofFrom(value: unknown): Proof {
  const candidate = (typeof value === 'object' && value !== null && 'proof' in value ? (value as { proof: unknown }).proof : value) as Partial<Proof>;
  if (typeof candidate !== 'object' || candidate === null || candidate.version !== 1 || typeof candidate.record !== 'object' || typeof candidate.blockHash !== 'string' || typeof candidate.header !== 'object') {
    throw new BadInput('not a DTL proof (version 1 with record, header, blockHash)');
  }
  return candidate as Proof;
}

function headerFrom(value: unknown): TrustedHeader {
  const h = value as Partial<TrustedHeader>;
  if (typeof h !== 'object' || h === null || typeof h.number !== 'number' || typeof h.hash !== 'string') throw new BadInput('a header file needs number and hash (a block as GET /api/v1/blocks/:n returns it will do)');
  return { number: h.number, hash: h.hash, ...(typeof h.dataHash === 'string' ? { dataHash: h.dataHash } : {}), ...(typeof h.previousHash === 'string' ? { previousHash: h.previousHash } : {}) };
}

export function readTrustBundle(path: string): TrustBundle {
  try {
    return parseTrustBundle(readJson(path));
  } catch (error) {
    if (error instanceof TrustBundleError) throw new BadInput(`${path}: not a usable trust bundle: ${error.message}`);
    throw error;
  }
}

export async function runVerify(file: string, options: VerifyOptions, io: CliIo): Promise<number> {
  try {
    const value = readJson(file);
    const bundle = options.trust === undefined ? undefined : readTrustBundle(options.trust);
    // A tender evidence package (issue 14): every proof in it checked (against the bundle), the tender replayed.
    if (isTenderEvidence(value)) return verifyTenderEvidence(value, options.json === true, io, bundle);
    const proof = proofFrom(value);
    const trusted = options.header === undefined ? undefined : headerFrom(readJson(options.header));
    const anchor = bundle;
    const checks: Check[] = anchor ? [...verifyProofAgainstBundle(proof, anchor).checks] : [...verifyProof(proof).checks];
    if (trusted) checks.push(...verifyProof(proof, trusted).checks.filter((c) => c.name.startsWith('trusted-')));
    if (options.chain !== undefined) checks.push(...(await checkAgainstChainCopy(proof, options.chain, anchor)));
    const reasons = checks.filter((c) => !c.ok).map((c) => c.name);
    const verdict = reasons.length > 0 ? 'INVALID' : anchor ? 'VALID' : 'UNANCHORED';
    const code = reasons.length > 0 ? EXIT.INVALID : anchor ? EXIT.OK : EXIT.UNANCHORED;
    if (options.json) {
      io.out(`${JSON.stringify({ verdict, valid: verdict === 'VALID', anchored: anchor !== undefined, trustFingerprint: anchor?.fingerprint, reasons, checks, cannotShow: OFFLINE_LIMITS }, null, 2)}\n`);
      return code;
    }
    for (const c of checks) io.out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(32)} ${c.detail}\n`);
    const what = `record ${String(proof.record.id)} in block ${proof.blockNumber}, tx ${proof.txId}`;
    if (verdict === 'INVALID') io.out(`proof: INVALID — ${what}; refused: ${reasons.join(', ')}\n`);
    else if (verdict === 'UNANCHORED') io.out(`proof: UNANCHORED — ${what}: consistent with itself only; nothing ties it to the network. Pass --trust BUNDLE (from \`dtl trust export\`, as a province publishes it).\n`);
    else io.out(`proof: VALID — ${what}, anchored by trust bundle ${String(anchor?.fingerprint)}\n`);
    if (anchor) io.out(`note: ${OFFLINE_LIMITS}\n`);
    return code;
  } catch (error) {
    if (error instanceof BadInput) {
      io.err(`dtl verify: ${error.message}\n`);
      return EXIT.BAD_INPUT;
    }
    throw error;
  }
}
