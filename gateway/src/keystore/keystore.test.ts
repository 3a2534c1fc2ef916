import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyRecordSignature } from '@dtl/chaincode/crypto';
import { Keystore, KEYSTORE_DIR } from './keystore';

describe('keystore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dtl-ks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes key files mode 0600 in a 0700 directory and reloads them', async () => {
    const store = Keystore.open({ dataDir: dir });
    const held = store.generate('sh-samr', 'sh-samr#1');
    const files = readdirSync(join(dir, KEYSTORE_DIR));
    expect(files).toContain('sh-samr_1.key.json');
    expect(statSync(join(dir, KEYSTORE_DIR)).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, KEYSTORE_DIR, 'sh-samr_1.key.json')).mode & 0o777).toBe(0o600);
    const again = Keystore.open({ dataDir: dir });
    expect(again.keyFor('sh-samr')?.keyId).toBe('sh-samr#1');
    const signed = await again.sign('sh-samr', { type: 't', id: 'x', department: 'sh-samr' });
    expect(verifyRecordSignature(signed, held.publicKey)).toBe(true);
  });

  it('encrypts with a passphrase (scrypt + AES-256-GCM) and refuses a wrong one', () => {
    Keystore.open({ dataDir: dir, passphrase: 'correct horse battery' }).generate('ah-samr', 'ah-samr#1');
    const text = readFileSync(join(dir, KEYSTORE_DIR, 'ah-samr_1.key.json'), 'utf8');
    expect(text).not.toContain('PRIVATE KEY');
    expect(JSON.parse(text).encrypted.kdf).toBe('scrypt');
    expect(Keystore.open({ dataDir: dir, passphrase: 'correct horse battery' }).keyFor('ah-samr')).toBeDefined();
    expect(() => Keystore.open({ dataDir: dir, passphrase: 'wrong passphrase' })).toThrow(/wrong passphrase/);
    expect(() => Keystore.open({ dataDir: dir })).toThrow(/DTL_KEYSTORE_PASSPHRASE/);
  });

  it('signs with the newest key of a department, also after reopening', async () => {
    const store = Keystore.open({ dataDir: dir });
    store.generate('sh-samr', 'sh-samr#z-old');
    await new Promise((resolve) => setTimeout(resolve, 5));
    store.generate('sh-samr', 'sh-samr#a-new');
    expect(store.keyFor('sh-samr')?.keyId).toBe('sh-samr#a-new');
    expect(Keystore.open({ dataDir: dir }).keyFor('sh-samr')?.keyId).toBe('sh-samr#a-new');
    expect(Keystore.open({ dataDir: dir }).keyById('sh-samr#z-old')).toBeDefined();
  });

  it('stores API keys as digests only', () => {
    const store = Keystore.open({ dataDir: dir });
    const key = store.issueApiKey('sh-samr');
    expect(readFileSync(join(dir, KEYSTORE_DIR, 'api-keys.v2.json'), 'utf8')).not.toContain(key);
    expect(Keystore.open({ dataDir: dir }).departmentOfApiKey(key)).toBe('sh-samr');
    expect(store.departmentOfApiKey(`${key}x`)).toBeUndefined();
  });
});
