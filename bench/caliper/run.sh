#!/usr/bin/env bash
# npm run bench:caliper — Hyperledger Caliper (peer-gateway connector) against the running native network.
# Installs Caliper into bench/caliper/node_modules on first use (it is large, so not part of the main install).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[ -f "$root/network-config/.run/connection.json" ] || { echo "the Fabric network is not up: run npm run network:up first" >&2; exit 2; }
[ -d "$root/fixtures/dist" ] || (cd "$root" && npm run build)
cd "$here"
[ -d node_modules/@hyperledger/caliper-cli ] || npm install --no-audit --no-fund --loglevel=error
node generate-network.js
npx caliper launch manager \
  --caliper-workspace "$here" \
  --caliper-networkconfig .run/network.json \
  --caliper-benchconfig benchmark.yaml \
  --caliper-flow-only-test \
  --caliper-fabric-gateway-enabled \
  --caliper-report-path "$here/.run/report.html"
