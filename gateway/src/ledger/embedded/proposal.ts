/**
 * Builds the proposal a Fabric client would send, as protobuf, so that fabric-shim's ChaincodeStub decodes it
 * exactly as on a peer: channel header (tx id, timestamp, channel), signature header (creator as a serialized
 * msp identity, nonce), chaincode proposal payload (invocation spec and transient map). The tx id is computed as
 * Fabric computes it: hex SHA-256 of nonce || serialized creator.
 */
import { createHash, randomBytes } from 'node:crypto';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { CHAINCODE_NAME } from './simulator';

export interface ProposalInput {
  readonly channelId: string;
  readonly mspId: string;
  readonly certificatePem: string;
  /** Function name as fabric-contract-api routes it: "contract:transaction". */
  readonly fcn: string;
  readonly args: readonly string[];
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  /** Milliseconds since the epoch. */
  readonly timestampMs: number;
}

export interface BuiltProposal {
  readonly txId: string;
  readonly chaincodeInput: peer.ChaincodeInput;
  readonly signedProposal: peer.SignedProposal;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
}

/**
 * The serialized creator of each organisation member (the same bytes for every proposal it makes), kept so that
 * they are not re-encoded per transaction. Keyed by MSP id and certificate; a handful of entries.
 */
const creatorCache = new Map<string, Uint8Array>();
const MAX_CACHED_CREATORS = 64;

function serializedCreator(mspId: string, certificatePem: string): Uint8Array {
  const cacheKey = `${mspId}\u0000${certificatePem}`;
  const cached = creatorCache.get(cacheKey);
  if (cached) return cached;
  const identity = new msp.SerializedIdentity();
  identity.setMspid(mspId);
  identity.setIdBytes(Buffer.from(certificatePem, 'utf8'));
  const creator = identity.serializeBinary();
  if (creatorCache.size >= MAX_CACHED_CREATORS) creatorCache.clear();
  creatorCache.set(cacheKey, creator);
  return creator;
}

/** Nonces are cut from a larger buffer of CSPRNG output (one randomBytes call per 256 proposals, not one each). */
const NONCE_BYTES = 24;
const NONCES_PER_REFILL = 256;
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

function nextNonce(): Buffer {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_REFILL);
    nonceOffset = 0;
  }
  const nonce = noncePool.subarray(nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

/** The channel header extension names the chaincode; the same bytes for every proposal. */
let extensionBytes: Uint8Array | undefined;

function chaincodeHeaderExtension(): Uint8Array {
  if (extensionBytes === undefined) {
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(CHAINCODE_NAME);
    const extension = new peer.ChaincodeHeaderExtension();
    extension.setChaincodeId(chaincodeId);
    extensionBytes = extension.serializeBinary();
  }
  return extensionBytes;
}

export function buildProposal(input: ProposalInput): BuiltProposal {
  const creator = serializedCreator(input.mspId, input.certificatePem);
  const nonce = nextNonce();
  const txId = createHash('sha256').update(nonce).update(creator).digest('hex');

  const seconds = Math.floor(input.timestampMs / 1000);
  const nanos = (input.timestampMs % 1000) * 1_000_000;
  const timestamp = new Timestamp();
  timestamp.setSeconds(seconds);
  timestamp.setNanos(nanos);

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(CHAINCODE_NAME);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId(input.channelId);
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(timestamp);
  channelHeader.setEpoch(0);
  channelHeader.setExtension$(chaincodeHeaderExtension());

  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator);
  signatureHeader.setNonce(nonce);

  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const chaincodeInput = new peer.ChaincodeInput();
  chaincodeInput.setArgsList([Buffer.from(input.fcn, 'utf8'), ...input.args.map((arg) => Buffer.from(arg, 'utf8'))]);
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(chaincodeId);
  spec.setInput(chaincodeInput);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);

  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());
  const transientMap = payload.getTransientmapMap();
  for (const [name, value] of Object.entries(input.transient ?? {})) transientMap.set(name, value);

  const proposal = new peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());

  const signedProposal = new peer.SignedProposal();
  signedProposal.setProposalBytes(proposal.serializeBinary());
  // The embedded ledger authenticates the caller itself (the gateway chose the org identity); no client signature.
  signedProposal.setSignature(new Uint8Array(0));

  return { txId, chaincodeInput, signedProposal, timestamp: { seconds, nanos } };
}
