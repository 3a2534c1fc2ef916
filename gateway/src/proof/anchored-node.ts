/**
 * The anchored verifier as Node runs it (`dtl verify`, `dtl tender replay`): a Fabric proof's orderer signatures,
 * registrars and endorsements are checked with X.509 / ECDSA (fabric-anchor.ts), loaded only when a Fabric proof
 * needs them. The browser imports anchored.ts alone and shows Fabric proofs grey.
 */
import { isFabricProof, verifyProofAnchored, type AnchoredResult } from './anchored';
import type { Proof } from './types';
import type { TrustBundle } from '../trust/bundle';

export function verifyProofAgainstBundle(proof: Proof, bundle: TrustBundle): AnchoredResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fabric = isFabricProof(proof) ? (require('./fabric-anchor') as typeof import('./fabric-anchor')).FABRIC_CHECKS : undefined;
  return verifyProofAnchored(proof, bundle, fabric);
}
