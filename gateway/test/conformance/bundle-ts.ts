/** Bundles a test's TypeScript entry point for a child process, into the git-ignored test-artifacts/. */
import { join, resolve } from 'node:path';
import { bundleTypeScript as bundle } from '../../../scripts/bundle-ts';

const REPO = resolve(__dirname, '../../..');

/** Bundles `entry` to `<REPO>/test-artifacts/<name>.js` and returns its path. */
export function bundleTypeScript(entry: string, name: string): Promise<string> {
  return bundle(entry, join(REPO, 'test-artifacts', `${name}.js`));
}
