#!/usr/bin/env bash
# A native Hyperledger Fabric network for the four provinces on 127.0.0.1, with TLS and no Docker:
#   - OrdererMSP: one Raft orderer (orderer0) with the channel participation API (osnadmin), no system channel
#   - ShanghaiMSP, JiangsuMSP, ZhejiangMSP, AnhuiMSP: one peer each, LevelDB state database
#   - channel "delta", anchor peers in the genesis block
#   - chaincode "dtl" (the contracts in chaincode/) as a service: one fabric-chaincode-node server for every peer,
#     lifecycle install on every peer, approve by each province, commit; private data collections personal-<province>
#
# Usage: network.sh up | down | reset | status | deploy | deploy-probe | stop-peer <p> | start-peer <p> | peer <province> [client|admin] -- <peer CLI args...>
# Everything generated lives in network-config/.run (git-ignored): crypto, config, data, logs, pids, connection.json.
set -euo pipefail

NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT_DIR="$(cd "$NETWORK_DIR/.." && pwd)"
# shellcheck source=versions.sh
source "$NETWORK_DIR/scripts/versions.sh"

BIN="$NETWORK_DIR/.fabric/bin"
RUN="$NETWORK_DIR/.run"
CRYPTO="$RUN/crypto"
CFG="$RUN/config"
DATA="$RUN/data"
LOGS="$RUN/logs"
PIDS="$RUN/pids"
ARTIFACTS="$RUN/artifacts"
CONFIG_SRC="$NETWORK_DIR/config"

CHANNEL=delta
CHAINCODE=dtl
PROVINCES=(shanghai jiangsu zhejiang anhui)
# Chaincode servers: "province" (default) runs one fabric-chaincode-node server per province, each peer dialling its
# own province's server (base port + 1..4); "shared" runs one server on the base port for all four peers.
CHAINCODE_SERVERS="${DTL_CHAINCODE_SERVERS:-province}"
CHAINCODE_PORT="${DTL_CHAINCODE_PORT:-9990}"
ORDERER_PORT=7050
ORDERER_ADMIN_PORT=7053
ORDERER_OPS_PORT=9450
LOG_SPEC="${DTL_FABRIC_LOGGING:-WARN}"
# Tuning knobs (network-config/README.md, "Throughput"): block cutting of a new channel (read when the genesis block
# is created, so they need network:reset), Go's GC target for the peers and the orderer, and the chaincode servers'
# Node flags. DTL_CHAINCODE_CPU_PROF=<dir> writes a V8 CPU profile of every chaincode server into <dir> on network:down;
# DTL_PEER_PPROF=<province> serves Go's pprof from that province's peer on 127.0.0.1:606<1..4> (go tool pprof).
BATCH_TIMEOUT="${DTL_BATCH_TIMEOUT:-}"
BATCH_MAX_MESSAGES="${DTL_BATCH_MAX_MESSAGES:-}"
BATCH_PREFERRED_BYTES="${DTL_BATCH_PREFERRED_BYTES:-}"
# GOGC for the peers and the orderer: unset keeps Go's default (100). 400 doubled the peers' memory (~110 → ~250 MB
# each) without a CPU saving that survived back-to-back runs (README, "Throughput").
FABRIC_GOGC="${DTL_FABRIC_GOGC:-}"
# SM2 verification in a chaincode server runs on its main thread (DTL_SM2_WORKERS=0): the four servers already run
# in parallel, and the worker pool's thread hop cost more than it saved (README, "Throughput").
CHAINCODE_SM2_WORKERS="${DTL_CHAINCODE_SM2_WORKERS:-0}"
CHAINCODE_NODE_OPTIONS="${DTL_CHAINCODE_NODE_OPTIONS:-}"
CHAINCODE_CPU_PROF="${DTL_CHAINCODE_CPU_PROF:-}"
LOG_FORMAT='%{time:2006-01-02 15:04:05.000 MST} [%{module}] %{shortfunc} -> %{level:.4s} %{message}'

export PATH="$BIN:$PATH"
export FABRIC_CFG_PATH="$CFG"

log() { printf '[network] %s\n' "$*" >&2; }
die() { printf '[network] ERROR: %s\n' "$*" >&2; exit 1; }

province_index() {
  case "$1" in shanghai) echo 1 ;; jiangsu) echo 2 ;; zhejiang) echo 3 ;; anhui) echo 4 ;; *) die "unknown province $1" ;; esac
}
msp_of() { local p="$1"; echo "${p^}MSP"; }
domain_of() { echo "$1.delta"; }
peer_port() {
  case "$1" in shanghai) echo 7051 ;; jiangsu) echo 8051 ;; zhejiang) echo 9051 ;; anhui) echo 10051 ;; *) die "unknown province $1" ;; esac
}
peer_ops_port() {
  case "$1" in shanghai) echo 9451 ;; jiangsu) echo 9452 ;; zhejiang) echo 9453 ;; anhui) echo 9454 ;; *) die "unknown province $1" ;; esac
}
peer_dir() { local d; d="$(domain_of "$1")"; echo "$CRYPTO/peerOrganizations/$d/peers/peer0.$d"; }
user_msp() {
  local d; d="$(domain_of "$1")"
  if [ "${2:-client}" = admin ]; then echo "$CRYPTO/peerOrganizations/$d/users/Admin@$d/msp"; else echo "$CRYPTO/peerOrganizations/$d/users/User1@$d/msp"; fi
}
ORDERER_DIR="$CRYPTO/ordererOrganizations/orderer.delta/orderers/orderer0.orderer.delta"
ORDERER_CA="$ORDERER_DIR/tls/ca.crt"

# Environment for the peer CLI acting as <province>'s client or admin against its own peer.
cli_env() {
  local p="$1" role="${2:-admin}"
  export FABRIC_CFG_PATH="$CFG"
  export FABRIC_LOGGING_SPEC="$LOG_SPEC"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID; CORE_PEER_LOCALMSPID="$(msp_of "$p")"
  export CORE_PEER_MSPCONFIGPATH; CORE_PEER_MSPCONFIGPATH="$(user_msp "$p" "$role")"
  export CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$p")"
  export CORE_PEER_TLS_ROOTCERT_FILE; CORE_PEER_TLS_ROOTCERT_FILE="$(peer_dir "$p")/tls/ca.crt"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# start <name> <workdir> <command...>: runs in its own session, logs to .run/logs/<name>.log, pid in .run/pids.
start_process() {
  local name="$1" dir="$2"; shift 2
  local pidfile="$PIDS/$name.pid"
  if pid_alive "$pidfile"; then log "$name already running (pid $(cat "$pidfile"))"; return 0; fi
  mkdir -p "$LOGS" "$PIDS"
  printf '\n===== %s start %s =====\n' "$name" "$(date -u +%FT%TZ)" >> "$LOGS/$name.log"
  (cd "$dir" && exec setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null) &
  echo $! > "$pidfile"
}

wait_healthy() {
  local name="$1" url="$2" deadline=$((SECONDS + 60))
  until curl -fsS "$url" >/dev/null 2>&1; do
    pid_alive "$PIDS/$name.pid" || die "$name exited; see $LOGS/$name.log: $(tail -5 "$LOGS/$name.log")"
    [ $SECONDS -lt $deadline ] || die "$name not healthy at $url after 60s; see $LOGS/$name.log"
    sleep 0.2
  done
}

wait_port() {
  local name="$1" port="$2" deadline=$((SECONDS + 60))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    pid_alive "$PIDS/$name.pid" || die "$name exited; see $LOGS/$name.log: $(tail -5 "$LOGS/$name.log")"
    [ $SECONDS -lt $deadline ] || die "$name not listening on $port after 60s; see $LOGS/$name.log"
    sleep 0.2
  done
}

# retry <seconds> <what> <command...>: retries while the ordering service elects a Raft leader (or gossip settles).
retry() {
  local limit="$1" what="$2"; shift 2
  local deadline=$((SECONDS + limit)) attempt=1 out
  while true; do
    if out="$("$@" 2>&1)"; then [ -z "$out" ] || printf '%s\n' "$out" >> "$LOGS/cli.log"; return 0; fi
    printf '%s (attempt %d): %s\n' "$what" "$attempt" "$out" >> "$LOGS/cli.log"
    [ $SECONDS -lt $deadline ] || die "$what failed after ${limit}s: $out"
    attempt=$((attempt + 1)); sleep 0.5
  done
}

generate_crypto() {
  if [ -d "$CRYPTO/peerOrganizations" ]; then return 0; fi
  log "generating crypto material (cryptogen, NodeOUs enabled)"
  cryptogen generate --config="$CONFIG_SRC/crypto-config.yaml" --output="$CRYPTO" >/dev/null
}

render_config() {
  mkdir -p "$CFG"
  sed "s#@CCAAS_BUILDER_DIR@#$NETWORK_DIR/builders/ccaas#" "$CONFIG_SRC/core.yaml" > "$CFG/core.yaml"
  cp "$CONFIG_SRC/orderer.yaml" "$CFG/orderer.yaml"
}

generate_genesis() {
  mkdir -p "$ARTIFACTS"
  if [ -f "$ARTIFACTS/$CHANNEL.block" ]; then return 0; fi
  # configtx.yaml rendered with absolute crypto paths and the block-cutting overrides, if any.
  local sub=("s#\.\./\.run/crypto#$CRYPTO#g")
  [ -z "$BATCH_TIMEOUT" ] || sub+=("s#^\(    BatchTimeout:\).*#\1 $BATCH_TIMEOUT#")
  [ -z "$BATCH_MAX_MESSAGES" ] || sub+=("s#^\(        MaxMessageCount:\).*#\1 $BATCH_MAX_MESSAGES#")
  [ -z "$BATCH_PREFERRED_BYTES" ] || sub+=("s#^\(        PreferredMaxBytes:\).*#\1 $BATCH_PREFERRED_BYTES#")
  local expr=() e
  for e in "${sub[@]}"; do expr+=(-e "$e"); done
  sed "${expr[@]}" "$CONFIG_SRC/configtx.yaml" > "$CFG/configtx.yaml"
  log "creating the genesis block of channel $CHANNEL (configtxgen; $(grep -E '^    BatchTimeout:|^        (MaxMessageCount|PreferredMaxBytes):' "$CFG/configtx.yaml" | tr -s ' ' | tr '\n' ' '))"
  FABRIC_LOGGING_SPEC=WARN configtxgen -configPath "$CFG" -profile DeltaChannel -channelID "$CHANNEL" \
    -outputBlock "$ARTIFACTS/$CHANNEL.block" 2>> "$LOGS/cli.log"
}

start_orderer() {
  mkdir -p "$DATA/orderer0"
  log "starting orderer0 (127.0.0.1:$ORDERER_PORT, admin :$ORDERER_ADMIN_PORT, operations :$ORDERER_OPS_PORT)"
  start_process orderer0 "$RUN" env ${FABRIC_GOGC:+GOGC=$FABRIC_GOGC} \
    FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC="$LOG_SPEC" FABRIC_LOGGING_FORMAT="$LOG_FORMAT" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 ORDERER_GENERAL_LISTENPORT=$ORDERER_PORT \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP ORDERER_GENERAL_LOCALMSPDIR="$ORDERER_DIR/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$ORDERER_DIR/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$ORDERER_DIR/tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$ORDERER_DIR/tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$ORDERER_DIR/tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$ORDERER_DIR/tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$ORDERER_DIR/tls/ca.crt]" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$ORDERER_ADMIN_PORT \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_CERTIFICATE="$ORDERER_DIR/tls/server.crt" \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$ORDERER_DIR/tls/server.key" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$ORDERER_DIR/tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$ORDERER_DIR/tls/ca.crt]" \
    ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$ORDERER_OPS_PORT \
    ORDERER_METRICS_PROVIDER=disabled \
    ORDERER_FILELEDGER_LOCATION="$DATA/orderer0/ledger" \
    ORDERER_CONSENSUS_WALDIR="$DATA/orderer0/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$DATA/orderer0/etcdraft/snapshot" \
    "$BIN/orderer"
}

start_peer() {
  local p="$1" port ops dir offset=0
  port="$(peer_port "$p")"; ops="$(peer_ops_port "$p")"; dir="$(peer_dir "$p")"
  [ "$CHAINCODE_SERVERS" = shared ] || offset="$(province_index "$p")"
  mkdir -p "$DATA/peer0.$p"
  log "starting peer0.$p ($(msp_of "$p"), 127.0.0.1:$port, operations :$ops)"
  start_process "peer0.$p" "$RUN" env ${FABRIC_GOGC:+GOGC=$FABRIC_GOGC} \
    FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC="$LOG_SPEC" FABRIC_LOGGING_FORMAT="$LOG_FORMAT" \
    CORE_PEER_ID="peer0.$(domain_of "$p")" \
    CORE_PEER_LOCALMSPID="$(msp_of "$p")" CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_LISTENADDRESS=127.0.0.1:$port CORE_PEER_ADDRESS=127.0.0.1:$port \
    CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$((port + 1)) CORE_PEER_CHAINCODEADDRESS=127.0.0.1:$((port + 1)) \
    CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:$port CORE_PEER_GOSSIP_ENDPOINT=127.0.0.1:$port \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:$port \
    CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$DATA/peer0.$p" \
    CORE_LEDGER_STATE_STATEDATABASE=goleveldb \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$DATA/peer0.$p/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$ops \
    CORE_METRICS_PROVIDER=disabled \
    CORE_VM_ENDPOINT= \
    CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG="{\"peer\":\"$p\",\"portOffset\":$offset}" \
    CORE_PEER_PROFILE_ENABLED="$([ "${DTL_PEER_PPROF:-}" = "$p" ] && echo true || echo false)" \
    CORE_PEER_PROFILE_LISTENADDRESS=127.0.0.1:$((6060 + $(province_index "$p"))) \
    "$BIN/peer" node start
}

orderer_has_channel() {
  osnadmin channel list -o 127.0.0.1:$ORDERER_ADMIN_PORT --ca-file "$ORDERER_CA" \
    --client-cert "$ORDERER_DIR/tls/server.crt" --client-key "$ORDERER_DIR/tls/server.key" 2>/dev/null \
    | grep -q "\"name\": \"$CHANNEL\""
}

create_channel() {
  if ! orderer_has_channel; then
    log "orderer0 joins channel $CHANNEL (channel participation API)"
    osnadmin channel join --channelID "$CHANNEL" --config-block "$ARTIFACTS/$CHANNEL.block" \
      -o 127.0.0.1:$ORDERER_ADMIN_PORT --ca-file "$ORDERER_CA" \
      --client-cert "$ORDERER_DIR/tls/server.crt" --client-key "$ORDERER_DIR/tls/server.key" >> "$LOGS/cli.log" 2>&1
  fi
  local p
  for p in "${PROVINCES[@]}"; do
    cli_env "$p" admin
    if peer channel list 2>/dev/null | grep -qx "$CHANNEL"; then continue; fi
    log "peer0.$p joins channel $CHANNEL"
    retry 30 "peer0.$p channel join" peer channel join -b "$ARTIFACTS/$CHANNEL.block"
  done
}

# A label that changes whenever the compiled chaincode changes, so a rebuilt chaincode gets a new package id.
# chaincode_label <name> <port> <dir>...: a digest of the JavaScript the chaincode server loads (module dir first,
# then any directory it requires code from), the module's package.json, the server address and the server mode
# (a peer keeps the release output of a package id, so a mode change needs a new package).
chaincode_label() {
  local name="$1" port="$2" digest; shift 2
  digest="$( { find "$@" -path '*/node_modules' -prune -o -type f -name '*.js' -print0 | sort -z | xargs -0 sha256sum | cut -d' ' -f1; sha256sum "$1/package.json" | cut -d' ' -f1; echo "127.0.0.1:$port $CHAINCODE_SERVERS"; } | sha256sum | cut -c1-12)"
  echo "${name}_${digest}"
}

# package_chaincode <label> <port>: a CCaaS package (metadata.json type ccaas + code.tar.gz with connection.json).
package_chaincode() {
  local label="$1" port="$2" pkg="$ARTIFACTS/$1.tgz" work
  if [ -f "$pkg" ]; then echo "$pkg"; return 0; fi
  work="$(mktemp -d)"
  printf '{\n  "address": "127.0.0.1:%s",\n  "dial_timeout": "10s",\n  "tls_required": false\n}\n' "$port" > "$work/connection.json"
  printf '{\n  "type": "ccaas",\n  "label": "%s"\n}\n' "$label" > "$work/metadata.json"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf - connection.json | gzip -n > "$work/code.tar.gz"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf - metadata.json code.tar.gz | gzip -n > "$pkg"
  rm -rf "$work"
  echo "$pkg"
}

# start_chaincode_server <process name> <module dir> <port> <package id>
start_chaincode_server() {
  local name="$1" module_dir="$2" port="$3" package_id="$4" pidfile="$PIDS/$1.pid"
  if pid_alive "$pidfile" && [ "$(cat "$RUN/$name.package-id" 2>/dev/null)" = "$package_id" ]; then return 0; fi
  if pid_alive "$pidfile"; then stop_process "$name"; fi
  log "starting chaincode server $name (fabric-chaincode-node, 127.0.0.1:$port, $package_id)"
  echo "$package_id" > "$RUN/$name.package-id"
  local node_args=()
  # Debug/info lines the server would drop are not formatted first (scripts/chaincode-lean-logs.js).
  [ "${DTL_CHAINCODE_LEAN_LOGS:-1}" = 0 ] || node_args+=(--require "$NETWORK_DIR/scripts/chaincode-lean-logs.js")
  # shellcheck disable=SC2206 # Node flags, split on spaces on purpose
  [ -z "$CHAINCODE_NODE_OPTIONS" ] || node_args+=($CHAINCODE_NODE_OPTIONS)
  if [ -n "$CHAINCODE_CPU_PROF" ]; then
    # One profile per thread (the main thread, the SM2 workers) in <dir>/<process name>. --cpu-prof writes them on a
    # normal exit only: the preload turns network:down's SIGTERM into one.
    mkdir -p "$CHAINCODE_CPU_PROF/$name"
    node_args+=(--cpu-prof --cpu-prof-dir="$CHAINCODE_CPU_PROF/$name" --require "$NETWORK_DIR/scripts/exit-on-sigterm.js")
  fi
  start_process "$name" "$module_dir" env CORE_CHAINCODE_LOGGING_LEVEL="${DTL_CHAINCODE_LOGGING:-warning}" \
    DTL_SM2_WORKERS="$CHAINCODE_SM2_WORKERS" \
    node "${node_args[@]}" "$ROOT_DIR/node_modules/fabric-shim/cli.js" server \
    --chaincode-address="127.0.0.1:$port" --chaincode-id="$package_id"
}

# start_chaincode_servers <chaincode name> <module dir> <base port> <package id>: one per province, or one shared.
start_chaincode_servers() {
  local name="$1" module_dir="$2" base="$3" package_id="$4" p f
  if [ "$CHAINCODE_SERVERS" = shared ]; then
    for f in "$PIDS/$name"-*.pid; do [ -e "$f" ] && stop_process "$(basename "$f" .pid)"; done
    start_chaincode_server "$name" "$module_dir" "$base" "$package_id"
    wait_port "$name" "$base"
    return 0
  fi
  [ -e "$PIDS/$name.pid" ] && stop_process "$name"
  for p in "${PROVINCES[@]}"; do start_chaincode_server "$name-$p" "$module_dir" $((base + $(province_index "$p"))) "$package_id"; done
  for p in "${PROVINCES[@]}"; do wait_port "$name-$p" $((base + $(province_index "$p"))); done
}

orderer_args=(-o "127.0.0.1:$ORDERER_PORT" --tls --cafile "$ORDERER_CA")

# deploy <chaincode name> <module dir> <port> [extra code dir...]: package, start the server, install on every peer, approve by every
# province, commit. Re-runnable: a changed build gets a new label/package id and the next sequence.
deploy() {
  local name="$1" module_dir="$2" port="$3"; shift 3
  local label pkg package_id p
  label="$(chaincode_label "$name" "$port" "$module_dir" "$@")"
  pkg="$(package_chaincode "$label" "$port")"
  package_id="$(peer lifecycle chaincode calculatepackageid "$pkg")"
  start_chaincode_servers "$name" "$module_dir" "$port" "$package_id"

  for p in "${PROVINCES[@]}"; do
    cli_env "$p" admin
    if peer lifecycle chaincode queryinstalled --output json 2>/dev/null | grep -q "\"$package_id\""; then continue; fi
    log "installing $label on peer0.$p"
    peer lifecycle chaincode install "$pkg" >> "$LOGS/cli.log" 2>&1 || die "install on peer0.$p failed; see $LOGS/cli.log"
  done

  cli_env shanghai admin
  local committed sequence=1 committed_version=""
  if committed="$(peer lifecycle chaincode querycommitted -C "$CHANNEL" -n "$name" --output json 2>/dev/null)"; then
    sequence="$(node -e 'const d=JSON.parse(process.argv[1]); console.log(d.sequence)' "$committed")"
    committed_version="$(node -e 'const d=JSON.parse(process.argv[1]); console.log(d.version)' "$committed")"
    if [ "$committed_version" = "$label" ]; then
      log "chaincode $name $label already committed (sequence $sequence)"
      write_state "$name" "$package_id" "$sequence" "$label"
      return 0
    fi
    sequence=$((sequence + 1))
  fi

  # No --signature-policy: the channel's default /Channel/Application/Endorsement, MAJORITY of the provinces.
  # DTL_ENDORSEMENT_POLICY (measurement only, see README "Throughput") names an explicit one instead.
  local def_args=(--channelID "$CHANNEL" --name "$name" --version "$label" --sequence "$sequence"
    --collections-config "$CONFIG_SRC/collections.json")
  [ -z "${DTL_ENDORSEMENT_POLICY:-}" ] || def_args+=(--signature-policy "$DTL_ENDORSEMENT_POLICY")
  for p in "${PROVINCES[@]}"; do
    cli_env "$p" admin
    log "approving $name sequence $sequence for $(msp_of "$p")"
    # The first ordering request waits for the Raft leader: retried rather than slept for.
    retry 90 "approveformyorg $name $(msp_of "$p")" \
      peer lifecycle chaincode approveformyorg "${orderer_args[@]}" "${def_args[@]}" --package-id "$package_id"
  done

  cli_env shanghai admin
  local peer_args=()
  for p in "${PROVINCES[@]}"; do
    peer_args+=(--peerAddresses "127.0.0.1:$(peer_port "$p")" --tlsRootCertFiles "$(peer_dir "$p")/tls/ca.crt")
  done
  log "committing $name sequence $sequence ($label)"
  retry 60 "commit $name" peer lifecycle chaincode commit "${orderer_args[@]}" "${def_args[@]}" "${peer_args[@]}"
  write_state "$name" "$package_id" "$sequence" "$label"
}

# The product's chaincode: the contracts in chaincode/ (chaincode/dist/src/index.js exports `contracts`).
deploy_chaincode() {
  [ -f "$ROOT_DIR/chaincode/src/index.ts" ] || die "chaincode/src/index.ts not found"
  log "building the chaincode (tsc -b chaincode)"
  (cd "$ROOT_DIR" && npx tsc -b chaincode) || die "chaincode build failed"
  deploy "$CHAINCODE" "$ROOT_DIR/chaincode" "$CHAINCODE_PORT"
}

# The ledger conformance probe (gateway/test/conformance/probe-contract.ts) as its own chaincode "dtlprobe",
# deployed only for the Fabric conformance tests (npm run test:fabric).
PROBE_CHAINCODE=dtlprobe
PROBE_PORT="${DTL_PROBE_CHAINCODE_PORT:-9980}"
deploy_probe() {
  local out="$RUN/probe-chaincode"
  log "building the conformance probe chaincode (tsc -b chaincode, then the probe entry)"
  (cd "$ROOT_DIR" && npx tsc -b chaincode) || die "chaincode build failed"
  rm -rf "$out.tmp"
  (cd "$ROOT_DIR" && npx tsc --outDir "$out.tmp" --rootDir "$ROOT_DIR" --target ES2022 --module node16 --moduleResolution node16 \
    --experimentalDecorators --emitDecoratorMetadata --strict --skipLibCheck --esModuleInterop --types node \
    network-config/probe/index.ts) || die "probe chaincode build failed"
  printf '{\n  "name": "dtl-conformance-probe",\n  "private": true,\n  "main": "network-config/probe/index.js"\n}\n' > "$out.tmp/package.json"
  if [ -d "$out" ] && diff -r "$out" "$out.tmp" >/dev/null 2>&1; then rm -rf "$out.tmp"; else rm -rf "$out"; mv "$out.tmp" "$out"; fi
  deploy "$PROBE_CHAINCODE" "$out" "$PROBE_PORT" "$ROOT_DIR/chaincode/dist"
}

write_state() {
  printf 'PACKAGE_ID=%s\nSEQUENCE=%s\nLABEL=%s\n' "$2" "$3" "$4" > "$RUN/$1.env"
}

# Connection profile read by the gateway's Fabric adapter (createFabricLedger).
write_connection_profile() {
  node - "$RUN/connection.json" "$CRYPTO" <<'EOF'
const fs = require('fs');
const path = require('path');
const [out, crypto] = process.argv.slice(2);
const ports = { shanghai: 7051, jiangsu: 8051, zhejiang: 9051, anhui: 10051 };
const org = (p) => ({
  mspId: p[0].toUpperCase() + p.slice(1) + 'MSP',
  domain: `${p}.delta`,
});
const profile = { name: 'delta-trust-ledger', channel: 'delta', chaincode: 'dtl', provinces: {} };
for (const [province, port] of Object.entries(ports)) {
  const { mspId, domain } = org(province);
  const base = path.join(crypto, 'peerOrganizations', domain);
  const user = (name) => ({
    certPath: path.join(base, 'users', `${name}@${domain}`, 'msp', 'signcerts', `${name}@${domain}-cert.pem`),
    keyPath: path.join(base, 'users', `${name}@${domain}`, 'msp', 'keystore', 'priv_sk'),
  });
  profile.provinces[province] = {
    mspId,
    peer: {
      endpoint: `127.0.0.1:${port}`,
      hostAlias: `peer0.${domain}`,
      tlsCaCertPath: path.join(base, 'peers', `peer0.${domain}`, 'tls', 'ca.crt'),
    },
    client: user('User1'),
    admin: user('Admin'),
  };
}
profile.orderer = {
  endpoint: '127.0.0.1:7050',
  tlsCaCertPath: path.join(crypto, 'ordererOrganizations', 'orderer.delta', 'orderers', 'orderer0.orderer.delta', 'tls', 'ca.crt'),
};
fs.writeFileSync(out, JSON.stringify(profile, null, 2) + '\n');
EOF
}

stop_process() {
  local name="$1" pidfile="$PIDS/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}

cmd_up() {
  local t0=$SECONDS p
  bash "$NETWORK_DIR/scripts/install-fabric.sh"
  mkdir -p "$LOGS" "$PIDS" "$DATA" "$ARTIFACTS"
  generate_crypto
  render_config
  generate_genesis
  start_orderer
  for p in "${PROVINCES[@]}"; do start_peer "$p"; done
  wait_healthy orderer0 "http://127.0.0.1:$ORDERER_OPS_PORT/healthz"
  for p in "${PROVINCES[@]}"; do wait_healthy "peer0.$p" "http://127.0.0.1:$(peer_ops_port "$p")/healthz"; done
  create_channel
  deploy_chaincode
  write_connection_profile
  # Ready means a gateway can plan a majority endorsement from every province (gossip and discovery converged).
  node "$NETWORK_DIR/scripts/wait-discovery.js" "$RUN/connection.json" 90 >> "$LOGS/cli.log" 2>&1 \
    || die "service discovery did not converge; see $LOGS/cli.log"
  log "network up in $((SECONDS - t0))s: channel $CHANNEL, chaincode $(grep LABEL "$RUN/$CHAINCODE.env" | cut -d= -f2), profile $RUN/connection.json, logs $LOGS"
}

cmd_down() {
  local name
  local f
  # Chaincode servers first (every pid file that is not a peer or the orderer), then peers, then the orderer.
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    case "$name" in peer0.*|orderer0) ;; *) stop_process "$name" ;; esac
  done
  for name in "${PROVINCES[@]}"; do stop_process "peer0.$name"; done
  stop_process orderer0
  log "network down"
}

cmd_status() {
  local f name rc=0
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || { echo "no process started"; return 1; }
    name="$(basename "$f" .pid)"
    if pid_alive "$f"; then echo "$name running (pid $(cat "$f"))"; else echo "$name NOT running"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  reset) cmd_down; rm -rf "$RUN"; log "generated state deleted ($RUN)" ;;
  status) cmd_status ;;
  deploy) deploy_chaincode; write_connection_profile ;;
  deploy-probe) deploy_probe ;;
  # Failure drills for the tests: stop or (re)start one province's peer; its ledger and the rest keep running.
  stop-peer) stop_process "peer0.${2:?province}" ;;
  start-peer)
    start_peer "${2:?province}"
    wait_healthy "peer0.$2" "http://127.0.0.1:$(peer_ops_port "$2")/healthz"
    ;;
  peer)
    # network.sh peer <province> [client|admin] -- <peer CLI args>: the peer CLI as that province's identity.
    shift; province="${1:?province}"; shift
    role=admin
    if [ "${1:-}" = client ] || [ "${1:-}" = admin ]; then role="$1"; shift; fi
    [ "${1:-}" = "--" ] && shift
    cli_env "$province" "$role"
    exec peer "$@"
    ;;
  orderer-args) printf '%s\n' "${orderer_args[@]}" ;;
  *) echo "usage: $0 up|down|reset|status|deploy|peer <province> [client|admin] -- <args>" >&2; exit 2 ;;
esac
