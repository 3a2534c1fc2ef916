#!/usr/bin/env node
'use strict';
// npm run bench:ledger — bundles and runs bench/ledger.bench.ts (run-ts-bench.js).
require('./run-ts-bench').runTypeScriptBench('ledger');
