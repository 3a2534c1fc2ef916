/**
 * Tests against the real Fabric network (`*.fabric.test.ts`), run by `npm run test:fabric`, which brings the network
 * up first (network-config/scripts/test-fabric.sh). Mapped like jest.config.js.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/gateway', '<rootDir>/bench'],
  testMatch: ['**/*.fabric.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 120000,
  maxWorkers: 1,
};
