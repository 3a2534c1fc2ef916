#!/usr/bin/env node
'use strict';
// npm run bench:backup — bundles and runs bench/backup.bench.ts (run-ts-bench.js).
require('./run-ts-bench').runTypeScriptBench('backup');
