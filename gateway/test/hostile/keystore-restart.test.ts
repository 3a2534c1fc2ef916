/**
 * A rotated-away (possibly revoked) key must not come back after a restart: the key the gateway signs with for a
 * department (the e-seal path) is the last one written, before and after `Keystore.open` reloads the directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keystore } from '../../src/keystore/keystore';

describe('keystore after a restart', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtl-keystore-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs with the last key written for a department, whatever the file names sort as', async () => {
    const keystore = Keystore.open({ dataDir });
    for (const n of [1, 2, 9, 10, 11]) {
      keystore.generate('sh-samr', `sh-samr#${n}`);
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct write times
    }
    keystore.generate('sh-samr', 'sh-samr#dev-0'); // a name that sorts after every other
    await new Promise((resolve) => setTimeout(resolve, 5));
    keystore.generate('sh-samr', 'sh-samr#12');
    expect(keystore.keyFor('sh-samr')?.keyId).toBe('sh-samr#12');
    const reopened = Keystore.open({ dataDir });
    expect(reopened.keyFor('sh-samr')?.keyId).toBe('sh-samr#12');
    // Every key stays reachable by id (older signatures still verify against the registry, not the keystore).
    expect(reopened.keyById('sh-samr#9')?.keyId).toBe('sh-samr#9');
  });
});
