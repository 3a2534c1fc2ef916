/**
 * The trust bundle: what a user pins before believing any proof. One per network, published by a province.
 *
 *   embedded: the genesis block hash and the ledger's block-signing SM2 key(s)
 *   fabric:   the channel's orderer and organisation CA certificates, as the channel configuration holds them
 *
 * Its fingerprint is SM3 over the canonical JSON of its anchors (not its labels), shown as five groups of four hex
 * digits (80 bits) so that it can be read out over the phone and compared with what the province published.
 * Pure: no I/O, usable in the browser.
 */
import { bytesToHex, canonicalJson, hexToBytes, sm2PublicKeyFingerprint, sm3 } from '@dtl/chaincode/crypto';

export const TRUST_BUNDLE_FORMAT = 'dtl-trust-bundle';
export const TRUST_BUNDLE_VERSION = 1;

export interface BlockSignerAnchor {
  readonly algorithm: 'SM2-SM3';
  /** Uncompressed SM2 public key, 65 bytes as hex (04‖X‖Y). */
  readonly publicKey: string;
  /** sm2PublicKeyFingerprint of the key (what a block's `signature.signer` names). */
  readonly keyFingerprint: string;
}

export interface FabricOrgAnchor {
  readonly mspId: string;
  /** The organisation's root CA certificates (PEM), as the channel configuration holds them. */
  readonly rootCerts: readonly string[];
}

export interface EmbeddedTrust {
  readonly network: 'embedded';
  readonly genesisHash: string;
  readonly blockSigners: readonly BlockSignerAnchor[];
}

export interface FabricTrust {
  readonly network: 'fabric';
  readonly channel: string;
  readonly genesisHash: string;
  readonly orderers: readonly FabricOrgAnchor[];
  readonly organisations: readonly FabricOrgAnchor[];
}

export type TrustBundle = (EmbeddedTrust | FabricTrust) & {
  readonly format: typeof TRUST_BUNDLE_FORMAT;
  readonly version: typeof TRUST_BUNDLE_VERSION;
  /** Who publishes it (a province's data bureau), free text. */
  readonly publisher: string;
  readonly createdAt: string;
  /** Phone-readable fingerprint; recomputed on load, never trusted as written. */
  readonly fingerprint?: string;
};

export class TrustBundleError extends Error {
  override readonly name = 'TrustBundleError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Five groups of four upper-case hex digits, e.g. `3F2A-91C0-7B44-0E1D-A5C9`. */
export function phoneFingerprint(bytes: Uint8Array): string {
  const hex = bytesToHex(bytes.subarray(0, 10)).toUpperCase();
  return hex.match(/.{4}/g)?.join('-') ?? hex;
}

/**
 * The bundle's fingerprint: SM3 over the canonical JSON of its anchors, i.e. the bundle without `fingerprint`,
 * `publisher` and `createdAt` (labels that do not change what is trusted), so the same network always has the same
 * fingerprint whoever exported it and when.
 */
export function trustBundleFingerprint(bundle: TrustBundle): string {
  const { fingerprint: _f, publisher: _p, createdAt: _c, ...anchors } = bundle;
  void _f;
  void _p;
  void _c;
  return phoneFingerprint(sm3(canonicalJson(anchors)));
}

/** A block signer's phone fingerprint (SM3 over the uncompressed key). */
export function keyPhoneFingerprint(publicKeyHex: string): string {
  return phoneFingerprint(sm3(hexToBytes(publicKeyHex)));
}

const HASH_HEX = /^[0-9a-f]{64}$/;
const KEY_HEX = /^04[0-9a-f]{128}$/;

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TrustBundleError(field, 'must be an object');
  return value as Record<string, unknown>;
}

function text(value: unknown, field: string, pattern?: RegExp, hint?: string): string {
  if (typeof value !== 'string' || value === '') throw new TrustBundleError(field, 'must be a non-empty string');
  if (pattern && !pattern.test(value)) throw new TrustBundleError(field, hint ?? `must match ${pattern.source}`);
  return value;
}

function orgs(value: unknown, field: string): FabricOrgAnchor[] {
  if (!Array.isArray(value) || value.length === 0) throw new TrustBundleError(field, 'must be a non-empty array');
  return value.map((entry, i) => {
    const org = record(entry, `${field}[${i}]`);
    const certs = org.rootCerts;
    if (!Array.isArray(certs) || certs.length === 0) throw new TrustBundleError(`${field}[${i}].rootCerts`, 'must be a non-empty array of PEM certificates');
    return {
      mspId: text(org.mspId, `${field}[${i}].mspId`),
      rootCerts: certs.map((c, j) => text(c, `${field}[${i}].rootCerts[${j}]`, /-----BEGIN CERTIFICATE-----/, 'must be a PEM certificate')),
    };
  });
}

/**
 * Reads a bundle from parsed JSON; every malformed field is named. A `fingerprint` written in the file must equal
 * the recomputed one (a bundle edited after it was read out over the phone is refused).
 */
export function parseTrustBundle(value: unknown): TrustBundle {
  const b = record(value, 'bundle');
  if (b.format !== TRUST_BUNDLE_FORMAT) throw new TrustBundleError('format', `must be "${TRUST_BUNDLE_FORMAT}"`);
  if (b.version !== TRUST_BUNDLE_VERSION) throw new TrustBundleError('version', `must be ${TRUST_BUNDLE_VERSION}`);
  const common = {
    format: TRUST_BUNDLE_FORMAT,
    version: TRUST_BUNDLE_VERSION,
    publisher: text(b.publisher, 'publisher'),
    createdAt: text(b.createdAt, 'createdAt'),
    genesisHash: text(b.genesisHash, 'genesisHash', HASH_HEX, 'must be 64 lower-case hex digits'),
  } as const;
  let bundle: TrustBundle;
  if (b.network === 'embedded') {
    const signers = b.blockSigners;
    if (!Array.isArray(signers) || signers.length === 0) throw new TrustBundleError('blockSigners', 'must be a non-empty array');
    const blockSigners = signers.map((entry, i): BlockSignerAnchor => {
      const s = record(entry, `blockSigners[${i}]`);
      if (s.algorithm !== 'SM2-SM3') throw new TrustBundleError(`blockSigners[${i}].algorithm`, 'must be "SM2-SM3"');
      const publicKey = text(s.publicKey, `blockSigners[${i}].publicKey`, KEY_HEX, 'must be an uncompressed SM2 key (04 and 128 lower-case hex digits)');
      let keyFingerprint: string;
      try {
        keyFingerprint = sm2PublicKeyFingerprint(hexToBytes(publicKey));
      } catch {
        throw new TrustBundleError(`blockSigners[${i}].publicKey`, 'is not a point on the SM2 curve');
      }
      if (s.keyFingerprint !== keyFingerprint) throw new TrustBundleError(`blockSigners[${i}].keyFingerprint`, `must be ${keyFingerprint} (the key's fingerprint)`);
      return { algorithm: 'SM2-SM3', publicKey, keyFingerprint };
    });
    bundle = { ...common, network: 'embedded', blockSigners };
  } else if (b.network === 'fabric') {
    bundle = { ...common, network: 'fabric', channel: text(b.channel, 'channel'), orderers: orgs(b.orderers, 'orderers'), organisations: orgs(b.organisations, 'organisations') };
  } else {
    throw new TrustBundleError('network', 'must be one of embedded, fabric');
  }
  const fingerprint = trustBundleFingerprint(bundle);
  if (b.fingerprint !== undefined && b.fingerprint !== fingerprint) throw new TrustBundleError('fingerprint', `does not match the bundle's content (recomputed ${fingerprint})`);
  return { ...bundle, fingerprint };
}

/** The bundle with its fingerprint filled in, ready to publish. */
export function sealTrustBundle(bundle: TrustBundle): TrustBundle {
  return { ...bundle, fingerprint: trustBundleFingerprint(bundle) };
}
