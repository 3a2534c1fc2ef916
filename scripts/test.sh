#!/usr/bin/env bash
# npm test: the whole suite, in order — build, lint, unit and integration (jest), the explorer in Debian's
# chromium, and the real Fabric network (built from the Go module proxy on first use, cached after). Ends with one
# line totalling every jest stage. DTL_SKIP_FABRIC=1 / DTL_SKIP_BROWSER=1 skip a stage (and say so).
set -euo pipefail
cd "$(dirname "$0")/.."
summary="$(mktemp)"
export DTL_TEST_SUMMARY="$summary"
trap 'rm -f "$summary"' EXIT

stage() { printf '\n=== %s ===\n' "$1"; }

stage build;   npm run build
stage lint;    npm run lint
stage unit;    npm run test:unit
if [ "${DTL_SKIP_BROWSER:-0}" = 1 ]; then echo "browser stage skipped (DTL_SKIP_BROWSER=1)"; else stage browser; npm run test:browser; fi
if [ "${DTL_SKIP_FABRIC:-0}" = 1 ]; then echo "fabric stage skipped (DTL_SKIP_FABRIC=1)"; else stage fabric; npm run test:fabric; fi

node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
const t = lines.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\nall ${lines.length} jest stages:`);
console.log(`tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
process.exit(t.failed === 0 ? 0 : 1);
' "$summary"
