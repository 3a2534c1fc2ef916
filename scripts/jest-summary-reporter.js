'use strict';
/**
 * Prints the plain closing line CI reads ("jest: N passed, N failed, N skipped") after jest's own summary, and,
 * when DTL_TEST_SUMMARY names a file, appends the run's counts to it so scripts/test.sh can total every stage.
 */
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\njest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
    if (process.env.DTL_TEST_SUMMARY) {
      appendFileSync(process.env.DTL_TEST_SUMMARY, JSON.stringify({ passed: results.numPassedTests, failed, skipped }) + '\n');
    }
  }
}
module.exports = SummaryReporter;
