/**
 * Fabric blocks (common.Block protobuf) to the Ledger port's block and transaction views, and to the inclusion part
 * of a proof (the block's data entries, whose SHA-256 is the header's data_hash).
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { FabricProofInclusion } from '../../proof/types';
import type { BlockView, ChaincodeEventView, TransactionView, ValidationCode } from '../ledger';
import { blockHeaderHash } from './block-hash';

const KNOWN_CODES: ReadonlySet<string> = new Set<ValidationCode>([
  'VALID',
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
  'ENDORSEMENT_POLICY_FAILURE',
  'DUPLICATE_TXID',
  'INVALID_OTHER_REASON',
]);

const CODE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(peer.TxValidationCode).map(([name, value]) => [value as number, name]),
);

/** Fabric's full validation code name for a numeric code (e.g. 11 -> MVCC_READ_CONFLICT). */
export function validationCodeName(code: number): string {
  return CODE_NAMES.get(code) ?? `UNKNOWN_${code}`;
}

/** The product's ValidationCode for a Fabric code; codes the product does not distinguish are INVALID_OTHER_REASON. */
export function toValidationCode(code: number): ValidationCode {
  const name = validationCodeName(code);
  return KNOWN_CODES.has(name) ? (name as ValidationCode) : 'INVALID_OTHER_REASON';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of an argument; binary arguments (lifecycle, qscc) are shown as "hex:<bytes>". */
function argumentText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return `hex:${Buffer.from(bytes).toString('hex')}`;
  }
}

export function isoTimestamp(timestamp: { getSeconds(): number; getNanos(): number } | undefined): string {
  if (!timestamp) return new Date(0).toISOString();
  return new Date(timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1e6)).toISOString();
}

interface Invocation {
  readonly contract: string;
  readonly transaction: string;
  readonly args: readonly string[];
  readonly events: readonly ChaincodeEventView[];
}

function splitFunction(fn: string, chaincode: string, defaultChaincode: string): { contract: string; transaction: string } {
  if (chaincode !== defaultChaincode) return { contract: chaincode, transaction: fn };
  const colon = fn.indexOf(':');
  return colon < 0 ? { contract: '', transaction: fn } : { contract: fn.slice(0, colon), transaction: fn.slice(colon + 1) };
}

function endorserInvocation(payloadData: Uint8Array, chaincodeName: string): Invocation {
  const transaction = peer.Transaction.deserializeBinary(payloadData);
  const action = transaction.getActionsList()[0];
  if (!action) return { contract: '', transaction: '', args: [], events: [] };
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(actionPayload.getChaincodeProposalPayload_asU8());
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(proposalPayload.getInput_asU8()).getChaincodeSpec();
  const rawArgs = spec?.getInput()?.getArgsList_asU8() ?? [];
  const invoked = spec?.getChaincodeId()?.getName() ?? '';
  const [fnBytes, ...argBytes] = rawArgs;
  const { contract, transaction: fn } = splitFunction(fnBytes ? argumentText(fnBytes) : '', invoked, chaincodeName);
  const events: ChaincodeEventView[] = [];
  const endorsed = actionPayload.getAction();
  if (endorsed) {
    const responsePayload = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
    const eventBytes = chaincodeAction.getEvents_asU8();
    if (eventBytes.length > 0) {
      const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
      if (event.getEventName() !== '') {
        events.push({ contract, name: event.getEventName(), payload: Buffer.from(event.getPayload_asU8()).toString('utf8') });
      }
    }
  }
  return { contract, transaction: fn, args: argBytes.map(argumentText), events };
}

function transactionView(envelopeBytes: Uint8Array, blockNumber: number, index: number, code: number, chaincodeName: string): TransactionView {
  const envelope = common.Envelope.deserializeBinary(envelopeBytes);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const header = payload.getHeader();
  const channelHeader = common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array());
  const signatureHeader = common.SignatureHeader.deserializeBinary(header?.getSignatureHeader_asU8() ?? new Uint8Array());
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const type = channelHeader.getType();
  const invocation: Invocation =
    type === common.HeaderType.ENDORSER_TRANSACTION
      ? endorserInvocation(payload.getData_asU8(), chaincodeName)
      : { contract: '', transaction: type === common.HeaderType.CONFIG ? 'CONFIG' : `HEADER_TYPE_${type}`, args: [], events: [] };
  return {
    txId: channelHeader.getTxId(),
    blockNumber,
    index,
    validationCode: toValidationCode(code),
    creatorMspId: creator.getMspid(),
    timestamp: isoTimestamp(channelHeader.getTimestamp()),
    contract: invocation.contract,
    transaction: invocation.transaction,
    args: invocation.args,
    events: invocation.events,
  };
}

function blockSignature(metadata: readonly Uint8Array[]): BlockView['signature'] {
  const bytes = metadata[common.BlockMetadataIndex.SIGNATURES];
  if (!bytes || bytes.length === 0) return undefined;
  const signature = common.Metadata.deserializeBinary(bytes).getSignaturesList()[0];
  if (!signature) return undefined;
  const header = common.SignatureHeader.deserializeBinary(signature.getSignatureHeader_asU8());
  const signer = msp.SerializedIdentity.deserializeBinary(header.getCreator_asU8()).getMspid();
  return { algorithm: 'ECDSA-P256-SHA256', signer, value: Buffer.from(signature.getSignature_asU8()).toString('hex') };
}

/** Parses a serialized common.Block into the port's BlockView. `chaincodeName` is the product's chaincode (dtl). */
export function parseBlock(blockBytes: Uint8Array, chaincodeName: string): BlockView {
  const block = common.Block.deserializeBinary(blockBytes);
  const header = block.getHeader();
  if (!header) throw new Error('INVALID_BLOCK: block without header');
  const number = header.getNumber();
  const previousHash = header.getPreviousHash_asU8();
  const dataHash = header.getDataHash_asU8();
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const filter = metadata[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const transactions = envelopes.map((envelope, index) =>
    transactionView(envelope, number, index, filter[index] ?? peer.TxValidationCode.NOT_VALIDATED, chaincodeName),
  );
  return {
    number,
    previousHash: Buffer.from(previousHash).toString('hex'),
    dataHash: Buffer.from(dataHash).toString('hex'),
    hash: blockHeaderHash(BigInt(number), previousHash, dataHash),
    hashAlgorithm: 'sha256',
    timestamp: transactions[0]?.timestamp ?? new Date(0).toISOString(),
    transactions,
    signature: blockSignature(metadata),
  };
}

/** The transaction id and chaincode arguments (after the function name) of one envelope of a block. */
export function envelopeInvocation(envelopeBytes: Uint8Array): { txId: string; args: readonly string[] } {
  const view = transactionView(envelopeBytes, 0, 0, peer.TxValidationCode.NOT_VALIDATED, '');
  return { txId: view.txId, args: view.args };
}

/** Blocks whose data is larger than this give proofs without inclusion (check those with a peer's copy). */
export const MAX_INCLUSION_BYTES = 1024 * 1024;

/**
 * The inclusion part of a proof for `txId` in a serialized common.Block: every data entry of the block (Fabric's
 * data_hash is SHA-256 over their concatenation, not a Merkle tree) and the peer's validation code.
 */
export function fabricInclusion(blockBytes: Uint8Array, txId: string): FabricProofInclusion | undefined {
  const block = common.Block.deserializeBinary(blockBytes);
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  if (envelopes.reduce((total, envelope) => total + envelope.length, 0) > MAX_INCLUSION_BYTES) return undefined;
  const txIndex = envelopes.findIndex((envelope) => envelopeInvocation(envelope).txId === txId);
  if (txIndex < 0) return undefined;
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  return {
    format: 'fabric-envelopes',
    txIndex,
    envelopes: envelopes.map((envelope) => Buffer.from(envelope).toString('base64')),
    validationCode: validationCodeName(filter[txIndex] ?? peer.TxValidationCode.NOT_VALIDATED),
    blockSignatures: Buffer.from(block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.SIGNATURES] ?? new Uint8Array()).toString('base64'),
  };
}
