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

t0=$(date +%s%N)
bash "$NET" peer shanghai admin -- chaincode invoke "${ORDERER_ARGS[@]}" -C delta -n dtl -c "$args" --waitForEvent \
  --peerAddresses 127.0.0.1:7051 --tlsRootCertFiles "$(tls shanghai)" \
  --peerAddresses 127.0.0.1:8051 --tlsRootCertFiles "$(tls jiangsu)" \
  --peerAddresses 127.0.0.1:9051 --tlsRootCertFiles "$(tls zhejiang)"
echo "[smoke] invoke committed in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

for province in jiangsu anhui; do
  out="$(bash "$NET" peer "$province" client -- chaincode query -C delta -n dtl -c "{\"Args\":[\"department:get\",\"$department\"]}")"
  echo "$out" | grep -q "\"$department\"" || { echo "[smoke] FAIL: $province peer did not return $department: $out" >&2; exit 1; }
  echo "[smoke] $province peer returns $department"
done
echo "[smoke] ok"
