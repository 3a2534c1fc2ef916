#!/usr/bin/env node
'use strict';
// npm run bench:ledger — bundles and runs bench/ledger.bench.ts (run-ts-bench.js), with the attestation and bulk-load
// contracts bundled as a module its endorsement workers load.
require('./run-ts-bench').runTypeScriptBench('ledger', ['bench-contracts']);
