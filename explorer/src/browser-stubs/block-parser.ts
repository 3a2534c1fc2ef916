/**
 * The browser build's stand-in for gateway/src/ledger/fabric/block-parser (see vite.config.ts): parsing Fabric
 * envelopes needs the protobuf classes (hundreds of KB), and the pages do not verify Fabric proofs — they show them
 * as not verified in the browser. The proof verifier catches this refusal and reports the envelope as unreadable.
 */
export function envelopeInvocation(): never {
  throw new Error('Fabric envelopes are not parsed in the browser');
}
