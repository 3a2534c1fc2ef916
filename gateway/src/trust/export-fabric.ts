/**
 * The Fabric trust bundle, from the channel's genesis (configuration) block as the peers hold it: the SHA-256 header
 * hash of block 0, and the root CA certificates of the orderer organisations and of the application (province)
 * organisations, exactly as the channel configuration holds them (Orderer / Application groups → MSP values →
 * FabricMSPConfig.root_certs).
 */
import { common, msp } from '@hyperledger/fabric-protos';
import { blockHeaderHash } from '../ledger/fabric/block-hash';
import { sealTrustBundle, TRUST_BUNDLE_FORMAT, TRUST_BUNDLE_VERSION, type FabricOrgAnchor, type TrustBundle } from './bundle';

const text = new TextDecoder();

function orgAnchors(group: common.ConfigGroup | undefined): FabricOrgAnchor[] {
  if (!group) return [];
  const out: FabricOrgAnchor[] = [];
  group.getGroupsMap().forEach((org: common.ConfigGroup) => {
    const value = org.getValuesMap().get('MSP');
    if (!value) return;
    const config = msp.MSPConfig.deserializeBinary(value.getValue_asU8());
    const fabric = msp.FabricMSPConfig.deserializeBinary(config.getConfig_asU8());
    out.push({ mspId: fabric.getName(), rootCerts: fabric.getRootCertsList_asU8().map((cert) => text.decode(cert)) });
  });
  return out.sort((a, b) => a.mspId.localeCompare(b.mspId));
}

export function fabricTrustFromGenesis(blockBytes: Uint8Array, publisher: string, now: Date = new Date()): TrustBundle {
  const block = common.Block.deserializeBinary(blockBytes);
  const header = block.getHeader();
  if (!header || header.getNumber() !== 0) throw new Error('not the genesis block');
  const envelope = common.Envelope.deserializeBinary(block.getData()?.getDataList_asU8()[0] ?? new Uint8Array());
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
  const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
  const groups = config?.getChannelGroup()?.getGroupsMap();
  return sealTrustBundle({
    format: TRUST_BUNDLE_FORMAT,
    version: TRUST_BUNDLE_VERSION,
    network: 'fabric',
    publisher,
    createdAt: now.toISOString(),
    channel: channelHeader.getChannelId(),
    genesisHash: blockHeaderHash(BigInt(header.getNumber()), header.getPreviousHash_asU8(), header.getDataHash_asU8()),
    orderers: orgAnchors(groups?.get('Orderer')),
    organisations: orgAnchors(groups?.get('Application')),
  });
}
