import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'dtl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function dtl(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('dtl sm2 / sm3', () => {
  const key = join(dir, 'key.pem');
  const pub = join(dir, 'pub.pem');
  const file = join(dir, 'licence.pdf');
  writeFileSync(file, '营业执照 91310000MA1FL8TQ2K');

  it('generates a key pair with a private key only its owner can read', async () => {
    expect((await dtl('sm2', 'keygen', '--out', key, '--pub-out', pub)).code).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(pub, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('signs and verifies (exit 0 valid, 1 invalid, 2 bad input)', async () => {
    const signed = await dtl('sm2', 'sign', '--key', key, '--in', file, '--id', 'sh-scjgj');
    expect(signed.code).toBe(0);
    const sig = signed.out.trim();
    expect(sig).toMatch(/^30[0-9a-f]+$/);
    expect((await dtl('sm2', 'verify', '--pub', pub, '--in', file, '--sig', sig, '--id', 'sh-scjgj')).code).toBe(0);
    expect((await dtl('sm2', 'verify', '--pub', pub, '--in', file, '--sig', sig)).code).toBe(1);
    const badHex = await dtl('sm2', 'verify', '--pub', pub, '--in', file, '--sig', 'abc');
    expect(badHex.code).toBe(2);
    expect(badHex.err.trim().split('\n')).toHaveLength(1);
    expect(badHex.err).toMatch(/INVALID_HEX/);
    expect((await dtl('sm2', 'verify', '--pub', pub, '--in', file, '--sig', sig + '00')).code).toBe(2);
    expect((await dtl('sm2', 'verify', '--pub', key, '--in', file, '--sig', sig)).code).toBe(2);
    expect((await dtl('sm2', 'verify', '--pub', pub, '--in', join(dir, 'missing'), '--sig', sig)).code).toBe(2);
    expect((await dtl('sm2', 'verify', '--pub', pub, '--in', file)).code).toBe(2);
  });

  it('prints SM3 digests', async () => {
    const abc = join(dir, 'abc');
    writeFileSync(abc, 'abc');
    expect((await dtl('sm3', abc)).out).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0\n');
  });

  it('interoperates with openssl through the installed dtl binary', () => {
    const bin = join(__dirname, '..', '..', 'bin', 'dtl.js');
    // stdout is exactly the signature, even though the CLI loads the contracts (whose logging goes elsewhere)
    const env = { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: '' };
    const stdout = execFileSync('node', [bin, 'sm2', 'sign', '--key', key, '--in', file], { env }).toString();
    expect(stdout).toMatch(/^30[0-9a-f]+\n$/);
    const sig = stdout.trim();
    const sigPath = join(dir, 'sig.der');
    writeFileSync(sigPath, Buffer.from(sig, 'hex'));
    const verified = spawnSync('openssl', ['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pubin', '-inkey', pub, '-in', file, '-sigfile', sigPath, '-pkeyopt', 'distid:1234567812345678']);
    expect(verified.status).toBe(0);
    const opensslSig = execFileSync('openssl', ['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-inkey', key, '-in', file, '-pkeyopt', 'distid:1234567812345678']);
    const fromCli = spawnSync('node', [bin, 'sm2', 'verify', '--pub', pub, '--in', file, '--sig', opensslSig.toString('hex')]);
    expect(fromCli.status).toBe(0);
    const bad = spawnSync('node', [bin, 'sm2', 'verify', '--pub', pub, '--in', file, '--sig', 'zz']);
    expect(bad.status).toBe(2);
  });
});
