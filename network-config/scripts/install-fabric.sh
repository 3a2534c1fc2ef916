#!/usr/bin/env bash
# Installs the Hyperledger Fabric commands this network needs (peer, orderer, configtxgen, configtxlator, osnadmin,
# cryptogen) from the Go module proxy with `go install`, pinned to a Fabric v2.5 LTS release, into
# network-config/.fabric/bin (git-ignored). Cached: does nothing when the pinned version is already there.
#
# Fabric's v2 tags are not valid Go module versions (the module path has no /v2 suffix), so the release tag's commit
# is pinned as a pseudo-version in network-config/fabric-tools/go.mod (with Fabric's own go.sum-checked dependency
# graph), and the commands are built from that module: `go install pkg@version` refuses Fabric because its go.mod
# carries a replace directive.
set -euo pipefail

NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.sh
source "$NETWORK_DIR/scripts/versions.sh"

BIN_DIR="$NETWORK_DIR/.fabric/bin"
STAMP="$BIN_DIR/.fabric-version"
COMMANDS=(peer orderer configtxgen configtxlator osnadmin cryptogen)

log() { printf '[fabric:install] %s\n' "$*" >&2; }

command -v go >/dev/null 2>&1 || { log "ERROR: go is not installed (Go >= 1.20 is needed to build Fabric $FABRIC_VERSION)"; exit 1; }

up_to_date=true
[ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$FABRIC_MODULE_VERSION" ] || up_to_date=false
for c in "${COMMANDS[@]}"; do [ -x "$BIN_DIR/$c" ] || up_to_date=false; done
if [ "$up_to_date" = true ] && [ "${1:-}" != "--force" ]; then
  log "Fabric $FABRIC_VERSION ($FABRIC_MODULE_VERSION) already in $BIN_DIR"
  exit 0
fi

mkdir -p "$BIN_DIR"
start=$(date +%s)
log "building Fabric $FABRIC_VERSION ($FABRIC_MODULE_VERSION) with $(go version | awk '{print $3}') into $BIN_DIR ..."
pkgs=()
for c in "${COMMANDS[@]}"; do pkgs+=("github.com/hyperledger/fabric/cmd/$c"); done
metadata="github.com/hyperledger/fabric/common/metadata"
(
  cd "$NETWORK_DIR/fabric-tools"
  GOBIN="$BIN_DIR" GOFLAGS=-mod=mod go install -trimpath \
    -ldflags "-X $metadata.Version=$FABRIC_VERSION -X $metadata.CommitSHA=$FABRIC_COMMIT" "${pkgs[@]}"
)
echo "$FABRIC_MODULE_VERSION" > "$STAMP"
log "done in $(( $(date +%s) - start ))s: $(ls "$BIN_DIR" | tr '\n' ' ')"
