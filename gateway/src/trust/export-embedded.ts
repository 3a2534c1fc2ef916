/**
 * The embedded ledger's trust bundle, read from its data directory by the operator who runs it: the genesis block's
 * hash from the stored chain, and the block-signing key from the ledger's own key file (which only the operator
 * holds). A verifier never builds a bundle from a copy it was handed: it pins one that a province published.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, sm2PublicKeyFingerprint } from '@dtl/chaincode/crypto';
import { computeHeaderHash, decodeBlock, verifyBlockSignature } from '../ledger/embedded/block';
import { LEDGER_DB_DIR } from '../ledger/embedded/embedded-ledger';
import { readLedgerPublicKey } from '../ledger/embedded/ledger-key';
import { LedgerStore } from '../ledger/embedded/store';
import { sealTrustBundle, TRUST_BUNDLE_FORMAT, TRUST_BUNDLE_VERSION, type TrustBundle } from './bundle';

export async function exportEmbeddedTrust(dataDir: string, publisher: string, now: Date = new Date()): Promise<TrustBundle> {
  const location = join(dataDir, LEDGER_DB_DIR);
  if (!existsSync(location)) throw new Error(`no embedded ledger at ${location}`);
  const publicKey = readLedgerPublicKey(dataDir);
  const store = await LedgerStore.open(location);
  try {
    const raw = await store.getBlockBytes(0);
    if (!raw) throw new Error('the ledger has no genesis block yet: start it once (npm start) before exporting its anchor');
    const genesis = decodeBlock(raw);
    if (computeHeaderHash(genesis.header) !== genesis.hash) throw new Error('the stored genesis block does not hash to its recorded hash');
    if (!verifyBlockSignature(genesis, publicKey)) throw new Error('the genesis block is not signed by this ledger key');
    return embeddedTrustBundle(genesis.hash, [publicKey], publisher, now);
  } finally {
    await store.close();
  }
}

/** A sealed embedded bundle from a genesis hash and the ledger's block-signing key(s). */
export function embeddedTrustBundle(genesisHash: string, blockSigners: readonly Uint8Array[], publisher: string, now: Date = new Date()): TrustBundle {
  return sealTrustBundle({
    format: TRUST_BUNDLE_FORMAT,
    version: TRUST_BUNDLE_VERSION,
    network: 'embedded',
    publisher,
    createdAt: now.toISOString(),
    genesisHash,
    blockSigners: blockSigners.map((key) => ({ algorithm: 'SM2-SM3', publicKey: bytesToHex(key), keyFingerprint: sm2PublicKeyFingerprint(key) })),
  });
}
