/**
 * Anchored proof verification: every signature is checked against what the user pinned (a trust bundle), nothing
 * against what the proof or the server says about itself.
 *
 *   1. the block is signed by a pinned block signer (embedded: SM2 over the block hash) — an invented or edited
 *      block, or garbage in `blockSignature`, fails here; block 0 must be the pinned genesis
 *   2. the signer key comes from its registration (`department.register` / `department.key.rotate`), itself proved
 *      to be a VALID transaction in a block signed by a pinned signer, submitted by a province organisation
 *      (the registrar, whose authority the anchored chain enforces), recursively for a rotation signed by an older key
 *   3. the key id is bound to the registering department (`<department>#…`) and the record's `department` (when it
 *      names one) is the key's department
 *   4. the structural checks of verifyProof (signature over the record, tx carries the record, data hash,
 *      metadata hash, header hash) run with that key, never with `proof.signerPublicKey`
 *
 * What an offline proof cannot show: that the key was not revoked after the record's block, that a later block did
 * not supersede or correct the record, or that the chain has not grown since (use --chain with a full copy, or ask
 * several provinces' gateways). `OFFLINE_LIMITS` says so in the verifier's output.
 */
import { bytesToHex, hexToBytes, sm2PublicKeyFromPem, sm2Verify } from '@dtl/chaincode/crypto';
import type { TrustBundle } from '../trust/bundle';
import type { Proof, ProofInclusion } from './types';
import { verifyProof, type Check } from './verify';

export const OFFLINE_LIMITS =
  'an offline proof cannot show that the key was not revoked after this block, that no later record corrects or supersedes this one, or that the chain has not grown since; check a full chain copy (--chain) for those';

/** Province organisations that may act as registrars (the same MSP ids on the embedded ledger and on Fabric). */
const PROVINCE_MSP: Readonly<Record<string, string>> = { shanghai: 'ShanghaiMSP', jiangsu: 'JiangsuMSP', zhejiang: 'ZhejiangMSP', anhui: 'AnhuiMSP' };

const MAX_PROVENANCE_DEPTH = 8;

/**
 * The Fabric checks (orderer signatures, the registrar's envelope signature), which need X.509 and ECDSA: passed in by
 * Node callers (fabric-anchor.ts); the browser passes none and does not verify Fabric proofs.
 */
export interface FabricChecks {
  orderer(proof: Proof, bundle: TrustBundle, prefix: string): Check;
  registrar(registration: Proof, bundle: TrustBundle, prefix: string): Check;
  endorsements(proof: Proof, bundle: TrustBundle, prefix: string): Check;
}

export interface AnchoredResult {
  readonly valid: boolean;
  readonly checks: readonly Check[];
  /** Names of the failed checks: the reasons a proof is refused. */
  readonly reasons: readonly string[];
}

/** A key id belongs to the department it starts with: `sh-samr#1`, `sh-samr#eseal-2026…` belong to `sh-samr`. */
export function keyIdBelongsTo(keyId: string, department: string): boolean {
  return keyId.startsWith(`${department}#`) && keyId.length > department.length + 1;
}

/** The block's signature under one of the bundle's pinned block signers (embedded ledger). */
export function checkBlockSignature(proof: Proof, bundle: TrustBundle, prefix = '', fabric?: FabricChecks): Check {
  const name = `${prefix}block-signature`;
  const fabricProof = proof.header?.hashAlgorithm === 'sha256';
  if (fabricProof !== (bundle.network === 'fabric')) return { name, ok: false, detail: `a ${fabricProof ? 'Fabric' : 'embedded-ledger'} block cannot be anchored by a ${bundle.network} trust bundle` };
  if (bundle.network === 'fabric') return fabric ? fabric.orderer(proof, bundle, prefix) : { name, ok: false, detail: 'Fabric orderer signatures are not checked here (use dtl verify)' };
  const signature = proof.blockSignature;
  if (!signature || typeof signature.value !== 'string' || !/^[0-9a-f]+$/i.test(signature.value) || signature.value.length % 2 !== 0) {
    return { name, ok: false, detail: 'the proof carries no block signature' };
  }
  if (typeof proof.blockHash !== 'string' || !/^[0-9a-f]{64}$/.test(proof.blockHash)) return { name, ok: false, detail: 'the block hash is not 32 bytes of hex' };
  for (const signer of bundle.blockSigners) {
    try {
      if (sm2Verify(hexToBytes(signature.value), hexToBytes(proof.blockHash), hexToBytes(signer.publicKey))) {
        return { name, ok: true, detail: `block ${proof.blockNumber} signed by the pinned ledger key ${signer.keyFingerprint}` };
      }
    } catch {
      // malformed DER: try the next signer, then fail
    }
  }
  return { name, ok: false, detail: `the block signature does not verify under any pinned block signer (it claims ${String(signature.signer)})` };
}

function checkGenesis(proof: Proof, bundle: TrustBundle, prefix: string): Check | undefined {
  if (proof.blockNumber !== 0) return undefined;
  const ok = proof.blockHash === bundle.genesisHash;
  return { name: `${prefix}genesis`, ok, detail: ok ? 'block 0 is the pinned genesis block' : `block 0 hash ${proof.blockHash} is not the pinned genesis ${bundle.genesisHash}` };
}

interface RegistrationTx {
  readonly contract?: unknown;
  readonly transaction?: unknown;
  readonly creatorMspId?: unknown;
}

interface KeyRegistration {
  readonly type?: unknown;
  readonly department?: unknown;
  readonly province?: unknown;
  readonly key?: { readonly keyId?: unknown; readonly publicKey?: unknown };
  readonly signature?: { readonly keyId?: unknown };
}

/** A registered key as the chaincode accepts it: 65-byte uncompressed hex, or SPKI PEM. */
function publicKeyHex(value: unknown): string | undefined {
  if (typeof value === 'string' && /^04[0-9a-fA-F]{128}$/.test(value)) return value.toLowerCase();
  if (typeof value === 'string' && value.startsWith('-----BEGIN PUBLIC KEY-----')) {
    try {
      return bytesToHex(sm2PublicKeyFromPem(value));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The signer key of `keyId`, proved by `registration` (a proof of a department.register / key.rotate transaction),
 * or undefined with the reasons in `checks`.
 */
function provenKey(keyId: string, registration: Proof | undefined, bundle: TrustBundle, checks: Check[], depth: number, fabric?: FabricChecks): { key: Uint8Array; department: string } | undefined {
  const prefix = `key-provenance${depth > 0 ? `[${depth}]` : ''}.`;
  if (!registration) {
    checks.push({ name: `${prefix}registration`, ok: false, detail: `no registration of ${keyId} comes with the proof: a key is accepted only through its registration on the anchored chain` });
    return undefined;
  }
  if (depth >= MAX_PROVENANCE_DEPTH) {
    checks.push({ name: `${prefix}depth`, ok: false, detail: `more than ${MAX_PROVENANCE_DEPTH} rotations` });
    return undefined;
  }
  const record = registration.record as KeyRegistration;
  const introduced = record.key;
  const department = typeof record.department === 'string' ? record.department : '';
  const isRegistration = record.type === 'department.register' || record.type === 'department.key.rotate';
  checks.push({ name: `${prefix}record-type`, ok: isRegistration, detail: `the registration is a ${String(record.type)} record` });
  const introducesKey = introduced?.keyId === keyId;
  checks.push({ name: `${prefix}key-id`, ok: introducesKey, detail: introducesKey ? `it introduces ${keyId}` : `it introduces ${String(introduced?.keyId)}, not ${keyId}` });
  const bound = keyIdBelongsTo(keyId, department);
  checks.push({ name: `${prefix}department-binding`, ok: bound, detail: bound ? `${keyId} belongs to ${department}, which registered it` : `${keyId} is not a key id of ${department || '(no department)'}: key ids are <department>#…` });
  const key = publicKeyHex(introduced?.publicKey);
  if (!isRegistration || !introducesKey || !bound || key === undefined) {
    if (key === undefined) checks.push({ name: `${prefix}public-key`, ok: false, detail: 'the registration holds no SM2 public key (uncompressed hex or SPKI PEM)' });
    return undefined;
  }
  // Who signed the registration: the key itself (proof of possession) or an older key of the same department.
  const signerId = typeof record.signature?.keyId === 'string' ? record.signature.keyId : '';
  let signerKey: Uint8Array | undefined;
  if (signerId === keyId) signerKey = hexToBytes(key);
  else if (record.type === 'department.key.rotate' && keyIdBelongsTo(signerId, department)) signerKey = provenKey(signerId, registration.keyProvenance, bundle, checks, depth + 1, fabric)?.key;
  else checks.push({ name: `${prefix}registration-signer`, ok: false, detail: `the registration is signed by ${signerId}, neither the key itself nor an older key of ${department}` });
  // The registration's own block, transaction and signature, with the key established above.
  const inner = verifyProof({ ...registration, signerPublicKey: signerKey === undefined ? undefined : bytesToHex(signerKey) } as Proof);
  for (const c of inner.checks) checks.push({ ...c, name: `${prefix}${c.name}` });
  checks.push(checkBlockSignature(registration, bundle, prefix, fabric));
  const genesis = checkGenesis(registration, bundle, prefix);
  if (genesis) checks.push(genesis);
  checks.push(isFabricProof(registration) ? (fabric ? fabric.registrar(registration, bundle, prefix) : { name: `${prefix}registrar`, ok: false, detail: 'Fabric registrars are not checked here' }) : registrarCheck(registration, record, prefix));
  const ok = inner.valid && checks.every((c) => c.ok);
  return ok ? { key: hexToBytes(key), department } : undefined;
}

/** The registration was submitted by a province organisation (the registrar); the chaincode enforced its admin role. */
function registrarCheck(registration: Proof, record: KeyRegistration, prefix: string): Check {
  const name = `${prefix}registrar`;
  const inclusion = registration.inclusion;
  if (!inclusion || 'format' in inclusion) return { name, ok: false, detail: 'the registration carries no embedded transaction to read its submitter from' };
  let tx: RegistrationTx;
  try {
    tx = JSON.parse((inclusion as ProofInclusion).transaction) as RegistrationTx;
  } catch {
    return { name, ok: false, detail: 'the registration transaction is not JSON' };
  }
  const expected = record.type === 'department.register' ? 'register' : 'rotateKey';
  if (tx.contract !== 'department' || tx.transaction !== expected) return { name, ok: false, detail: `the transaction is ${String(tx.contract)}.${String(tx.transaction)}, not department.${expected}` };
  // The chaincode requires an admin of the department's province (of any province while bootstrapping an empty
  // registry, which a single proof cannot tell): offline, the submitter must at least be a province organisation.
  const msp = String(tx.creatorMspId);
  const ok = Object.values(PROVINCE_MSP).includes(msp);
  return { name, ok, detail: ok ? `submitted by ${msp}, a province organisation` : `submitted by ${msp}, which is not a province registrar` };
}

/** Verifies a proof against a pinned trust bundle. */
/** True for proofs of Fabric blocks (SHA-256 headers, orderer signatures). */
export function isFabricProof(proof: Proof): boolean {
  return proof.header?.hashAlgorithm === 'sha256';
}

export function verifyProofAnchored(proof: Proof, bundle: TrustBundle, fabric?: FabricChecks): AnchoredResult {
  const checks: Check[] = [];
  const keyId = typeof proof.record?.signature?.keyId === 'string' ? proof.record.signature.keyId : '';
  const proven = provenKey(keyId, proof.keyProvenance, bundle, checks, 0, fabric);
  const recordDepartment = (proof.record as { department?: unknown }).department;
  if (proven && typeof recordDepartment === 'string') {
    const same = recordDepartment === proven.department;
    checks.push({ name: 'record-department', ok: same, detail: same ? `the record is written by ${recordDepartment}, the key's department` : `the record names ${recordDepartment} but ${keyId} belongs to ${proven.department}` });
  }
  const structural = verifyProof({ ...proof, signerPublicKey: proven ? bytesToHex(proven.key) : undefined } as Proof);
  checks.push(...structural.checks);
  checks.push(checkBlockSignature(proof, bundle, '', fabric));
  if (isFabricProof(proof) && bundle.network === 'fabric') checks.push(fabric ? fabric.endorsements(proof, bundle, '') : { name: 'endorsement-policy', ok: false, detail: 'Fabric endorsements are not checked here' });
  const genesis = checkGenesis(proof, bundle, '');
  if (genesis) checks.push(genesis);
  const reasons = checks.filter((c) => !c.ok).map((c) => c.name);
  return { valid: reasons.length === 0, checks, reasons };
}

