#!/usr/bin/env bash
# npm run test:fabric: the *.fabric.test.ts suites (jest.fabric.config.js) against the real network.
# Brings the network up if it is not running (building Fabric on first use), deploys the conformance probe
# chaincode, runs the peer-CLI smoke check, then jest. A network this script started is stopped afterwards
# (DTL_FABRIC_KEEP=1 leaves it up); a network that was already up is left up.
set -euo pipefail
NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT_DIR="$(cd "$NETWORK_DIR/.." && pwd)"
NET="$NETWORK_DIR/scripts/network.sh"

started=false
if ! bash "$NET" status >/dev/null 2>&1 || [ ! -f "$NETWORK_DIR/.run/connection.json" ]; then
  bash "$NET" up
  started=true
else
  # Already running: redeploy only if the chaincode changed (a no-op otherwise).
  bash "$NET" deploy
fi

cleanup() {
  if [ "$started" = true ] && [ "${DTL_FABRIC_KEEP:-0}" != 1 ]; then bash "$NET" down; fi
}
trap cleanup EXIT

bash "$NET" deploy-probe
bash "$NETWORK_DIR/scripts/smoke.sh"
cd "$ROOT_DIR"
npx jest -c jest.fabric.config.js "$@"
