/** Unit and integration tests (ts-jest on the TypeScript sources). Browser and Fabric suites have their own configs. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', isolatedModules: true }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/chaincode', '<rootDir>/gateway', '<rootDir>/fixtures', '<rootDir>/explorer', '<rootDir>/bench'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.browser\\.test\\.ts$', '\\.fabric\\.test\\.ts$'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@dtl/chaincode$': '<rootDir>/chaincode/src/index.ts',
    '^@dtl/chaincode/crypto$': '<rootDir>/chaincode/crypto/index.ts',
    '^@dtl/chaincode/schemas$': '<rootDir>/chaincode/src/domain/schemas.ts',
    '^@dtl/chaincode/hash-only$': '<rootDir>/chaincode/src/records/hash-only.ts',
    '^@dtl/fixtures$': '<rootDir>/fixtures/src/index.ts',
  },
  setupFiles: ['<rootDir>/scripts/jest-setup.js'],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  testTimeout: 60000,
};
