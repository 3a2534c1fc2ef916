#!/usr/bin/env node
'use strict';
/** Writes docs/record-types.md from the record schemas (npm run docs:schemas; needs chaincode/dist: tsc -b chaincode). */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { recordTypesMarkdown } = require('../chaincode/dist/src/domain/schema-docs');

const file = join(__dirname, '..', 'docs', 'record-types.md');
writeFileSync(file, recordTypesMarkdown());
console.log(`wrote ${file}`);
