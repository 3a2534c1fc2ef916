#!/usr/bin/env node
'use strict';
// The dtl command. Runs the compiled CLI (npm install builds it through the root `prepare` script).
// First: fabric-contract-api logs every decorator at INFO on stdout when the contracts load; keep stdout for the
// command's own output (a signature, a digest) unless the caller asks for chaincode logs explicitly.
require('../dist/src/http/quiet-chaincode-logs.js');
const { main } = require('../dist/src/cli/main.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
