#!/usr/bin/env bash
# Hyperledger Caliper benchmark of the dtl chaincode on the running native network (optional; not part of CI).
# Installs Caliper 0.6.0 (the last release that runs on Node 20) into network-config/.fabric/caliper (git-ignored)
# and binds it to Fabric's peer gateway (SUT fabric:2.5), writes Caliper's network configuration and one connection
# profile per province from network-config/.run/connection.json, brings the network up if needed, and runs
# network-config/caliper/benchmark.yaml. Report: network-config/.run/caliper/report.html.
set -euo pipefail
NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NET="$NETWORK_DIR/scripts/network.sh"
CALIPER_DIR="$NETWORK_DIR/.fabric/caliper"
CALIPER_VERSION=0.6.0
OUT="$NETWORK_DIR/.run/caliper"

log() { printf '[caliper] %s\n' "$*" >&2; }

if [ ! -x "$CALIPER_DIR/node_modules/.bin/caliper" ] || [ ! -d "$CALIPER_DIR/node_modules/@hyperledger/fabric-gateway" ]; then
  log "installing @hyperledger/caliper-cli@$CALIPER_VERSION into $CALIPER_DIR"
  mkdir -p "$CALIPER_DIR"
  [ -f "$CALIPER_DIR/package.json" ] || echo '{"name":"dtl-caliper","private":true}' > "$CALIPER_DIR/package.json"
  (cd "$CALIPER_DIR" && npm install --no-audit --no-fund --loglevel=error "@hyperledger/caliper-cli@$CALIPER_VERSION" \
    && npx caliper bind --caliper-bind-sut fabric:2.5)
fi

started=false
if ! bash "$NET" status >/dev/null 2>&1 || [ ! -f "$NETWORK_DIR/.run/connection.json" ]; then
  bash "$NET" up
  started=true
fi
cleanup() { if [ "$started" = true ]; then bash "$NET" down; fi; }
trap cleanup EXIT

mkdir -p "$OUT"
node - "$NETWORK_DIR/.run/connection.json" "$OUT" <<'JS'
const fs = require('fs');
const path = require('path');
const [profilePath, out] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(profilePath, 'utf8'));
const organizations = [];
for (const [province, org] of Object.entries(profile.provinces)) {
  const peerName = org.peer.hostAlias;
  const connection = {
    name: `delta-${province}`,
    version: '1.0.0',
    client: { organization: org.mspId },
    organizations: { [org.mspId]: { mspid: org.mspId, peers: [peerName] } },
    peers: {
      [peerName]: {
        url: `grpcs://${org.peer.endpoint}`,
        tlsCACerts: { path: org.peer.tlsCaCertPath },
        grpcOptions: { 'ssl-target-name-override': peerName },
      },
    },
  };
  const connectionFile = path.join(out, `connection-${province}.json`);
  fs.writeFileSync(connectionFile, JSON.stringify(connection, null, 2) + '\n');
  const identity = (role, credential) => ({
    name: `${province}-${role}`,
    clientPrivateKey: { path: credential.keyPath },
    clientSignedCert: { path: credential.certPath },
  });
  organizations.push({
    mspid: org.mspId,
    identities: { certificates: [identity('client', org.client), identity('admin', org.admin)] },
    connectionProfile: { path: connectionFile, discover: true },
  });
}
const network = {
  name: 'delta-trust-ledger',
  version: '2.0.0',
  caliper: { blockchain: 'fabric' },
  channels: [{ channelName: profile.channel, contracts: [{ id: profile.chaincode }] }],
  organizations,
};
fs.writeFileSync(path.join(out, 'network.json'), JSON.stringify(network, null, 2) + '\n');
JS

# The workload module lives in network-config/caliper; it resolves @hyperledger/caliper-core from the install.
log "running network-config/caliper/benchmark.yaml"
cd "$CALIPER_DIR"
NODE_PATH="$CALIPER_DIR/node_modules" npx caliper launch manager \
  --caliper-workspace "$NETWORK_DIR/caliper" \
  --caliper-networkconfig "$OUT/network.json" \
  --caliper-benchconfig benchmark.yaml \
  --caliper-flow-only-test \
  --caliper-report-path "$OUT/report.html" \
  --caliper-logging-template '%timestamp% %level% [%label%] %message%'
log "report: $OUT/report.html"
