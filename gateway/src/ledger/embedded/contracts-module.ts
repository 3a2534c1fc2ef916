/**
 * The product's contracts as a module an endorsement worker can require: @dtl/chaincode's compiled entry. Resolved
 * through the package's directory rather than `require.resolve('@dtl/chaincode')`, which under ts-jest maps to the
 * TypeScript sources a plain worker thread cannot load.
 */
import { dirname, join } from 'node:path';

export function productContractsModule(): string {
  return join(dirname(require.resolve('@dtl/chaincode/package.json')), 'dist', 'src', 'index.js');
}
