#!/usr/bin/env node
'use strict';
/**
 * network:up readiness: waits until every province's peer can plan an endorsement by a majority of the provinces,
 * i.e. gossip has connected the organisations and service discovery sees their peers. Until then the gateway answers
 * "no combination of peers can be derived which satisfy the endorsement policy". Endorses only (nothing is
 * submitted, nothing is written): department:list of the dtl chaincode, as each province's client.
 * Usage: node wait-discovery.js <connection.json> [timeoutSeconds]
 */
const { readFileSync } = require('node:fs');
const { createPrivateKey } = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const { connect, signers } = require('@hyperledger/fabric-gateway');

async function main() {
  const [profilePath, timeoutSeconds = '90'] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const deadline = Date.now() + Number(timeoutSeconds) * 1000;
  const started = Date.now();
  for (const [province, org] of Object.entries(profile.provinces)) {
    const client = new grpc.Client(org.peer.endpoint, grpc.credentials.createSsl(readFileSync(org.peer.tlsCaCertPath)), {
      'grpc.ssl_target_name_override': org.peer.hostAlias,
      'grpc.default_authority': org.peer.hostAlias,
    });
    const gateway = connect({
      client,
      identity: { mspId: org.mspId, credentials: readFileSync(org.client.certPath) },
      signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(org.client.keyPath))),
    });
    try {
      const contract = gateway.getNetwork(profile.channel).getContract(profile.chaincode);
      for (;;) {
        try {
          await contract.newProposal('department:list', { arguments: [province] }).endorse();
          break;
        } catch (error) {
          if (Date.now() > deadline) {
            throw new Error(`DISCOVERY_NOT_READY: ${province}: ${error.message} ${JSON.stringify(error.details ?? [])}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    } finally {
      gateway.close();
      client.close();
    }
  }
  console.log(`service discovery ready for every province after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
