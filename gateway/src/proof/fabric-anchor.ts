/**
 * Anchored verification of Fabric proofs (Node only: X.509 and ECDSA from node:crypto, protobuf from fabric-protos).
 *
 *   orderer signature: every MetadataSignature in the block's SIGNATURES metadata is ECDSA-SHA256 by the creator in
 *     its SignatureHeader over metadata.value ‖ signature_header ‖ DER(block header) (Fabric's BlockHeaderBytes);
 *     one from a certificate issued by a pinned orderer organisation root CA must verify
 *   registrar: the registration transaction's envelope is signed (ECDSA-SHA256 over the payload) by its creator,
 *     whose certificate is issued by the pinned root CA of a province organisation with that MSP id
 *   endorsements: a majority of the pinned province organisations endorsed the transaction (checkEndorsements)
 * The rest (record signature, key provenance, data hash, header hash) is the embedded path's, shared.
 */
import { X509Certificate, verify as verifySignature } from 'node:crypto';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { hexToBytes } from '@dtl/chaincode/crypto';
import { blockHeaderDer } from '../ledger/fabric/block-hash';
import type { FabricTrust } from '../trust/bundle';
import type { FabricChecks } from './anchored';
import type { Check } from './verify';
import type { FabricProofInclusion, Proof } from './types';

const PROVINCE_MSPS = new Set(['ShanghaiMSP', 'JiangsuMSP', 'ZhejiangMSP', 'AnhuiMSP']);

/** The certificate, when one of the organisation's pinned root CAs issued it. */
function issuedBy(certPem: string, mspId: string, orgs: FabricTrust['orderers']): X509Certificate | undefined {
  const org = orgs.find((o) => o.mspId === mspId);
  if (!org) return undefined;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return undefined;
  }
  for (const rootPem of org.rootCerts) {
    try {
      const root = new X509Certificate(rootPem);
      if (cert.checkIssued(root) && cert.verify(root.publicKey)) return cert;
    } catch {
      // a malformed pinned root: try the next
    }
  }
  return undefined;
}

function creatorOf(signatureHeader: Uint8Array): { mspId: string; certPem: string } {
  const header = common.SignatureHeader.deserializeBinary(signatureHeader);
  const identity = msp.SerializedIdentity.deserializeBinary(header.getCreator_asU8());
  return { mspId: identity.getMspid(), certPem: new TextDecoder().decode(identity.getIdBytes_asU8()) };
}

export function checkOrdererSignature(proof: Proof, bundle: FabricTrust, prefix = ''): Check {
  const name = `${prefix}block-signature`;
  const inclusion = proof.inclusion as FabricProofInclusion | undefined;
  if (!inclusion || !('format' in inclusion) || typeof inclusion.blockSignatures !== 'string') return { name, ok: false, detail: 'the proof carries no orderer signatures' };
  const header = proof.header;
  if (!Number.isSafeInteger(header.number) || !/^[0-9a-f]*$/i.test(header.previousHash) || !/^[0-9a-f]*$/i.test(header.dataHash)) return { name, ok: false, detail: 'malformed header' };
  const headerDer = blockHeaderDer(BigInt(header.number), hexToBytes(header.previousHash), hexToBytes(header.dataHash));
  let metadata: common.Metadata;
  try {
    metadata = common.Metadata.deserializeBinary(Buffer.from(inclusion.blockSignatures, 'base64'));
  } catch {
    return { name, ok: false, detail: 'the orderer signatures are not a common.Metadata' };
  }
  for (const signature of metadata.getSignaturesList()) {
    try {
      const signatureHeader = signature.getSignatureHeader_asU8();
      const creator = creatorOf(signatureHeader);
      const cert = issuedBy(creator.certPem, creator.mspId, bundle.orderers);
      if (!cert) continue;
      const signed = Buffer.concat([metadata.getValue_asU8(), signatureHeader, headerDer]);
      if (verifySignature('sha256', signed, cert.publicKey, signature.getSignature_asU8())) {
        return { name, ok: true, detail: `block ${header.number} signed by orderer ${cert.subject.replace(/\n/g, ', ')} of ${creator.mspId}, issued by a pinned root` };
      }
    } catch {
      // malformed signature entry: try the next
    }
  }
  return { name, ok: false, detail: 'no orderer signature of the block verifies under a certificate issued by a pinned orderer root CA' };
}

/** The registration transaction was signed by an identity of a province organisation issued by its pinned root CA. */
export function checkFabricRegistrar(registration: Proof, bundle: FabricTrust, prefix: string): Check {
  const name = `${prefix}registrar`;
  const inclusion = registration.inclusion as FabricProofInclusion | undefined;
  const envelopeB64 = inclusion && 'format' in inclusion ? inclusion.envelopes[inclusion.txIndex] : undefined;
  if (envelopeB64 === undefined) return { name, ok: false, detail: 'the registration carries no envelope' };
  try {
    const envelope = common.Envelope.deserializeBinary(Buffer.from(envelopeB64, 'base64'));
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const creator = creatorOf(payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array());
    const cert = PROVINCE_MSPS.has(creator.mspId) ? issuedBy(creator.certPem, creator.mspId, bundle.organisations) : undefined;
    if (!cert) return { name, ok: false, detail: `submitted by ${creator.mspId}, not an identity issued by a pinned province root CA` };
    const ok = verifySignature('sha256', envelope.getPayload_asU8(), cert.publicKey, envelope.getSignature_asU8());
    return { name, ok, detail: ok ? `signed by ${creator.mspId} (${cert.subject.replace(/\n/g, ', ')}), issued by its pinned root` : 'the envelope signature does not verify' };
  } catch (error) {
    return { name, ok: false, detail: `unreadable envelope: ${(error as Error).message}` };
  }
}

/**
 * The transaction's endorsements satisfy the endorsement policy (a majority of the pinned province organisations,
 * "MAJORITY Endorsement" as the network's chaincode definition sets it): each endorsement is ECDSA-SHA256 over
 * proposal_response_payload ‖ endorser by an identity issued by its organisation's pinned root; distinct
 * organisations are counted.
 */
export function checkEndorsements(proof: Proof, bundle: FabricTrust, prefix = ''): Check {
  const name = `${prefix}endorsement-policy`;
  const inclusion = proof.inclusion as FabricProofInclusion | undefined;
  const envelopeB64 = inclusion && 'format' in inclusion ? inclusion.envelopes[inclusion.txIndex] : undefined;
  if (envelopeB64 === undefined) return { name, ok: false, detail: 'the proof carries no envelope' };
  const needed = Math.floor(bundle.organisations.length / 2) + 1;
  try {
    const envelope = common.Envelope.deserializeBinary(Buffer.from(envelopeB64, 'base64'));
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const action = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0];
    const endorsed = action ? peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction() : undefined;
    if (!endorsed) return { name, ok: false, detail: 'the transaction carries no endorsed action' };
    const responsePayload = endorsed.getProposalResponsePayload_asU8();
    const orgs = new Set<string>();
    for (const endorsement of endorsed.getEndorsementsList()) {
      const endorser = endorsement.getEndorser_asU8();
      const identity = msp.SerializedIdentity.deserializeBinary(endorser);
      const cert = issuedBy(new TextDecoder().decode(identity.getIdBytes_asU8()), identity.getMspid(), bundle.organisations);
      if (cert && verifySignature('sha256', Buffer.concat([responsePayload, endorser]), cert.publicKey, endorsement.getSignature_asU8())) orgs.add(identity.getMspid());
    }
    const ok = orgs.size >= needed;
    return { name, ok, detail: `${orgs.size} of ${bundle.organisations.length} organisations endorsed under their pinned roots (${[...orgs].sort().join(', ') || 'none'}); the policy needs ${needed}` };
  } catch (error) {
    return { name, ok: false, detail: `unreadable endorsements: ${(error as Error).message}` };
  }
}

/** The Fabric checks for verifyProofAnchored (anchored.ts). */
export const FABRIC_CHECKS: FabricChecks = {
  orderer: (proof, bundle, prefix) => (bundle.network === 'fabric' ? checkOrdererSignature(proof, bundle, prefix) : { name: `${prefix}block-signature`, ok: false, detail: 'not a Fabric bundle' }),
  registrar: (registration, bundle, prefix) => (bundle.network === 'fabric' ? checkFabricRegistrar(registration, bundle, prefix) : { name: `${prefix}registrar`, ok: false, detail: 'not a Fabric bundle' }),
  endorsements: (proof, bundle, prefix) => (bundle.network === 'fabric' ? checkEndorsements(proof, bundle, prefix) : { name: `${prefix}endorsement-policy`, ok: false, detail: 'not a Fabric bundle' }),
};
