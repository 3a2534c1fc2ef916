'use strict';
/**
 * Writes Caliper's network configuration (format 2.0.0, peer-gateway connector) and one connection profile per
 * province from the profile the network script writes (network-config/.run/connection.json).
 */
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const profilePath = path.join(__dirname, '..', '..', 'network-config', '.run', 'connection.json');
const outDir = path.join(__dirname, '.run');

function main() {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  mkdirSync(outDir, { recursive: true });
  const organizations = Object.entries(profile.provinces).map(([province, org]) => {
    const peerName = org.peer.hostAlias;
    const ccp = {
      name: `${province}-ccp`,
      version: '1.0.0',
      client: { organization: org.mspId },
      organizations: { [org.mspId]: { mspid: org.mspId, peers: [peerName] } },
      peers: {
        [peerName]: {
          url: `grpcs://${org.peer.endpoint}`,
          tlsCACerts: { pem: readFileSync(org.peer.tlsCaCertPath, 'utf8') },
          grpcOptions: { 'ssl-target-name-override': peerName, hostnameOverride: peerName },
        },
      },
    };
    const ccpPath = path.join(outDir, `ccp-${province}.json`);
    writeFileSync(ccpPath, JSON.stringify(ccp, null, 2));
    return {
      mspid: org.mspId,
      identities: {
        certificates: [
          { name: 'client', clientPrivateKey: { path: org.client.keyPath }, clientSignedCert: { path: org.client.certPath } },
          { name: 'admin', admin: true, clientPrivateKey: { path: org.admin.keyPath }, clientSignedCert: { path: org.admin.certPath } },
        ],
      },
      connectionProfile: { path: ccpPath, discover: false },
    };
  });
  const network = {
    name: 'delta-trust-ledger',
    version: '2.0.0',
    caliper: { blockchain: 'fabric' },
    channels: [{ channelName: profile.channel, contracts: [{ id: profile.chaincode }] }],
    organizations,
  };
  writeFileSync(path.join(outDir, 'network.json'), JSON.stringify(network, null, 2));
  console.log(`caliper network config written to ${path.relative(process.cwd(), outDir)}/network.json`);
}

main();
