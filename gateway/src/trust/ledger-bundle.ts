/**
 * The trust bundle of the ledger a gateway runs on, for GET /api/v1/trust (embedded: genesis hash + block-signing key;
 * Fabric: the channel's orderer and organisation root CAs from its genesis configuration block).
 */
import type { Ledger } from '../ledger/ledger';
import type { TrustBundle } from './bundle';
import { embeddedTrustBundle } from './export-embedded';

interface BlockSigningLedger {
  blockSigningKey?(): Uint8Array;
  /** Fabric: the bundle from the channel's genesis (configuration) block. */
  channelTrustBundle?(publisher: string): Promise<TrustBundle>;
}

export function ledgerTrustBundle(ledger: Ledger, publisher = 'this gateway (compare the fingerprint with the published one)'): () => Promise<TrustBundle | undefined> {
  let cached: TrustBundle | undefined;
  return async () => {
    if (cached) return cached;
    const signing = ledger as unknown as BlockSigningLedger;
    if (typeof signing.channelTrustBundle === 'function') {
      cached = await signing.channelTrustBundle(publisher);
      return cached;
    }
    if (typeof signing.blockSigningKey !== 'function') return undefined;
    const genesis = await ledger.block(0);
    if (!genesis) return undefined;
    cached = embeddedTrustBundle(genesis.hash, [signing.blockSigningKey()], publisher, new Date(0));
    return cached;
  };
}
