#!/usr/bin/env node
'use strict';
// The dtl command. Runs the compiled CLI (npm install builds it through the root `prepare` script).
const { main } = require('../dist/src/cli/main.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
