/** Test support: Fabric blocks built with the real protobuf classes, as a peer would serialize them. */
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { common, msp, peer } from '@hyperledger/fabric-protos';

export interface EnvelopeSpec {
  readonly txId: string;
  readonly mspId: string;
  /** Chaincode function (`contract:transaction`) and its arguments. */
  readonly args: readonly string[];
  readonly event?: { readonly name: string; readonly payload: string };
  readonly seconds?: number;
  readonly nanos?: number;
}

/** A serialized common.Envelope of an endorser transaction invoking chaincode `dtl`. */
export function endorserEnvelope(spec: EnvelopeSpec): Uint8Array {
  const timestamp = new Timestamp();
  timestamp.setSeconds(spec.seconds ?? 1_700_000_000);
  timestamp.setNanos(spec.nanos ?? 0);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(spec.txId);
  channelHeader.setChannelId('delta');
  channelHeader.setTimestamp(timestamp);
  const creator = new msp.SerializedIdentity();
  creator.setMspid(spec.mspId);
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator.serializeBinary());
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const input = new peer.ChaincodeInput();
  input.setArgsList(spec.args.map((arg) => Buffer.from(arg)));
  const chaincodeSpec = new peer.ChaincodeSpec();
  chaincodeSpec.setInput(input);
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName('dtl');
  chaincodeSpec.setChaincodeId(chaincodeId);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(chaincodeSpec);
  const proposalPayload = new peer.ChaincodeProposalPayload();
  proposalPayload.setInput(invocation.serializeBinary());
  const chaincodeAction = new peer.ChaincodeAction();
  if (spec.event) {
    const event = new peer.ChaincodeEvent();
    event.setEventName(spec.event.name);
    event.setPayload(Buffer.from(spec.event.payload));
    chaincodeAction.setEvents(event.serializeBinary());
  }
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(chaincodeAction.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposalPayload.serializeBinary());
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope.serializeBinary();
}

/** A serialized common.Block of the envelopes, with one validation code per envelope in TRANSACTIONS_FILTER. */
export function fabricBlock(number: number, previousHash: Uint8Array, dataHash: Uint8Array, envelopes: readonly Uint8Array[], codes: readonly number[]): Uint8Array {
  const block = new common.Block();
  const blockHeader = new common.BlockHeader();
  blockHeader.setNumber(number);
  blockHeader.setPreviousHash(previousHash);
  blockHeader.setDataHash(dataHash);
  block.setHeader(blockHeader);
  const data = new common.BlockData();
  data.setDataList([...envelopes]);
  block.setData(data);
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), Uint8Array.from(codes), new Uint8Array()]);
  block.setMetadata(metadata);
  return block.serializeBinary();
}
