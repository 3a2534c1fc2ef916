#!/usr/bin/env bash
# Smoke check of a running network with the peer CLI only: Shanghai's admin registers a department (a signed
# department.register record, endorsed by Shanghai, Jiangsu and Zhejiang = a majority), then Jiangsu's and Anhui's
# clients read it back from their own peers.
set -euo pipefail
NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT_DIR="$(cd "$NETWORK_DIR/.." && pwd)"
NET="$NETWORK_DIR/scripts/network.sh"
CRYPTO="$NETWORK_DIR/.run/crypto"
tls() { echo "$CRYPTO/peerOrganizations/$1.delta/peers/peer0.$1.delta/tls/ca.crt"; }
mapfile -t ORDERER_ARGS < <(bash "$NET" orderer-args)

# One attempt: a fresh department (so a retry is never a replay), signed, invoked through three provinces' peers.
invoke_once() {
  department="smoke-$(date +%s)-$RANDOM"
  record="$(cd "$ROOT_DIR" && node -e '
const c = require("./chaincode/dist/crypto");
const dept = process.argv[1];
const pair = c.sm2GenerateKeyPair();
const keyId = dept + "#1";
const record = {
  type: "department.register", id: "reg-" + dept, department: dept,
  nameZh: "上海市冒烟测试局", nameEn: "Shanghai Smoke Test Office", province: "shanghai", city: "上海市",
  tier: "province", roles: ["regulator"],
  key: { keyId, publicKey: c.bytesToHex(pair.publicKey), validFrom: "2025-01-01T00:00:00Z" },
};
process.stdout.write(JSON.stringify(c.signRecord(record, { privateKey: pair.privateKey, keyId })));
' "$department")"
  args="$(node -e 'process.stdout.write(JSON.stringify({ Args: ["department:register", process.argv[1]] }))' "$record")"
  bash "$NET" peer shanghai admin -- chaincode invoke "${ORDERER_ARGS[@]}" -C delta -n dtl -c "$args" --waitForEvent \
    --peerAddresses 127.0.0.1:7051 --tlsRootCertFiles "$(tls shanghai)" \
    --peerAddresses 127.0.0.1:8051 --tlsRootCertFiles "$(tls jiangsu)" \
    --peerAddresses 127.0.0.1:9051 --tlsRootCertFiles "$(tls zhejiang)"
}

# A transient gRPC failure of the CLI (e.g. the orderer's too_many_pings right after start) is retried, at most 3 times.
t0=$(date +%s%N)
for attempt in 1 2 3; do
  if invoke_once; then break; fi
  [ "$attempt" -lt 3 ] || { echo "[smoke] FAIL: invoke failed 3 times" >&2; exit 1; }
  echo "[smoke] invoke attempt $attempt failed; retrying" >&2
  sleep 2
done
echo "[smoke] invoke committed in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

# Anhui's peer did not endorse and may commit the block a moment later than the endorsers: poll for up to 10 s.
for province in jiangsu anhui; do
  found=false
  for _ in $(seq 1 20); do
    out="$(bash "$NET" peer "$province" client -- chaincode query -C delta -n dtl -c "{\"Args\":[\"department:get\",\"$department\"]}" 2>&1 || true)"
    if echo "$out" | grep -q "\"$department\""; then found=true; break; fi
    sleep 0.5
  done
  [ "$found" = true ] || { echo "[smoke] FAIL: $province peer did not return $department: $out" >&2; exit 1; }
  echo "[smoke] $province peer returns $department"
done
echo "[smoke] ok"
