/**
 * Production mode (DTL_MODE=production) refuses each unsafe setting at start with a message that says how to fix it;
 * `dtl keystore encrypt` migrates a development data dir; the banner prints no secret; empty and truncated secret
 * files are refused in either mode.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { main as dtl } from './cli/main';
import { ConfigError, parseConfig } from './config';
import { bannerLines, startGateway } from './main';
import { ProductionModeError } from './production';

const logger = pino({ level: 'silent' });
const PASSPHRASE = 'correct horse battery staple 安徽';

function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; text: () => string } {
  let text = '';
  return { io: { out: (t) => (text += t), err: (t) => (text += t) }, text: () => text };
}

async function refusal(env: Record<string, string>): Promise<string> {
  try {
    const gateway = await startGateway(parseConfig({ PORT: '0', ...env }), logger);
    await gateway.close();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the gateway started');
}

async function withPassphrase<T>(run: () => Promise<T>): Promise<T> {
  const before = process.env.DTL_KEYSTORE_PASSPHRASE;
  process.env.DTL_KEYSTORE_PASSPHRASE = PASSPHRASE;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.DTL_KEYSTORE_PASSPHRASE;
    else process.env.DTL_KEYSTORE_PASSPHRASE = before;
  }
}

describe('production mode', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtl-prod-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is one setting: DTL_MODE, production by default under NODE_ENV=production', () => {
    expect(parseConfig({}).mode).toBe('development');
    expect(parseConfig({ NODE_ENV: 'production' }).mode).toBe('production');
    expect(parseConfig({ NODE_ENV: 'production', DTL_MODE: 'development' }).mode).toBe('development');
    expect(parseConfig({ DTL_MODE: 'production' }).loadFixtures).toBe(false);
    expect(() => parseConfig({ DTL_MODE: 'prod' })).toThrow(ConfigError);
  });

  it('refuses each unsafe setting with its fix, before writing anything', async () => {
    const fresh = await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir });
    expect(fresh).toContain('DTL_KEYSTORE_PASSPHRASE is not set');
    expect(fresh).toContain('no JWT secret: set DTL_JWT_SECRET');
    expect(fresh).toContain('dtl keystore encrypt');
    expect(() => statSync(join(dataDir, 'ledger'))).toThrow(); // nothing opened
    expect(await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_FIXTURES: 'true', DTL_KEYSTORE_PASSPHRASE: PASSPHRASE, DTL_JWT_SECRET: 'x'.repeat(48) })).toContain('DTL_FIXTURES=true: demo fixtures and their published keys are refused');
    expect(await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_KEYSTORE_PASSPHRASE: 'short-pass', DTL_JWT_SECRET: 'x'.repeat(48) })).toContain('shorter than 12 characters');
    // A short JWT secret in the environment: refused by the configuration itself, with the fix.
    expect(() => parseConfig({ DTL_MODE: 'production', DTL_JWT_SECRET: 'too-short' })).toThrow(/DTL_JWT_SECRET: must be at least 32 random characters/);
    // A short or empty jwt.secret file.
    writeFileSync(join(dataDir, 'jwt.secret'), 'abc\n');
    expect(await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_KEYSTORE_PASSPHRASE: PASSPHRASE })).toMatch(/jwt\.secret is 3 characters, fewer than 32 .*delete it/);
    writeFileSync(join(dataDir, 'jwt.secret'), '');
    expect(await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_KEYSTORE_PASSPHRASE: PASSPHRASE })).toContain('is empty (cut short by a crash or a full disk?)');
  });

  it('an empty jwt.secret is refused in development too (a token HMAC\'d with the empty key must not log in)', async () => {
    writeFileSync(join(dataDir, 'jwt.secret'), '');
    expect(await refusal({ DTL_DATA_DIR: dataDir, DTL_FIXTURES: 'false' })).toContain('is empty');
    writeFileSync(join(dataDir, 'jwt.secret'), '\n\n');
    expect(await refusal({ DTL_DATA_DIR: dataDir, DTL_FIXTURES: 'false' })).toContain('is empty');
  });

  it('refuses a development data dir with keys in clear until `dtl keystore encrypt` seals them; then starts, prints no secret, and serves operator API keys', async () => {
    const dev = await startGateway(parseConfig({ PORT: '0', DTL_DATA_DIR: dataDir, DTL_FIXTURES: 'false' }), logger);
    await dev.close();
    const clear = await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_KEYSTORE_PASSPHRASE: PASSPHRASE });
    expect(clear).toMatch(/file\(s\) in clear \(.*ledger-key\.pem.*dev-identities\.json.*jwt\.secret/);
    expect(clear).toContain(`dtl keystore encrypt --data ${dataDir}`);

    const short = capture();
    expect(await dtl(['keystore', 'encrypt', '--data', dataDir], short.io)).toBe(2); // no passphrase
    expect(short.text()).toContain('set DTL_KEYSTORE_PASSPHRASE');
    const migrated = capture();
    expect(await withPassphrase(() => dtl(['keystore', 'encrypt', '--data', dataDir], migrated.io))).toBe(0);
    expect(migrated.text()).toMatch(/sealed .*ledger-key\.pem/);
    for (const name of ['ledger-key.pem', 'dev-identities.json', 'jwt.secret']) {
      const text = readFileSync(join(dataDir, name), 'utf8');
      expect(text).toContain('"format":"dtl-sealed"');
      expect(text).not.toContain('PRIVATE KEY');
      expect(statSync(join(dataDir, name)).mode & 0o777).toBe(0o600);
    }
    const config = parseConfig({ PORT: '0', DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_KEYSTORE_PASSPHRASE: PASSPHRASE });
    const prod = await startGateway(config, logger);
    try {
      const banner = bannerLines(config, prod, await prod.ledger.height()).join('\n');
      expect(banner).toContain('production mode');
      expect(banner).not.toMatch(/dtl-demo-|Demo API keys/);
      expect(banner).not.toContain(PASSPHRASE);
      const secret = readFileSync(join(dataDir, 'jwt.secret'), 'utf8');
      expect(banner).not.toContain(secret.slice(20, 60));
      // The keystore the production gateway wrote (gateway principals) is sealed too.
      const keyFile = readFileSync(join(dataDir, 'keystore', 'sh-gateway_1.key.json'), 'utf8');
      expect(keyFile).toContain('"encrypted"');
      expect(keyFile).not.toContain('PRIVATE KEY');
      // Operators' API keys work; demo keys do not exist.
      const created = capture();
      expect(await dtl(['apikey', 'create', '--data', dataDir, '--department', 'sh-gateway', '--key-id', 'sh-gateway#1', '--days', '7'], created.io)).toBe(0);
      const apiKey = /api key: (\S+)/.exec(created.text())?.[1] ?? '';
      const post = (key: string): Promise<Response> => fetch(`${prod.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: key }) });
      expect((await post(apiKey)).status).toBe(200);
      expect((await post('dtl-demo-sh-samr')).status).toBe(401);
    } finally {
      await prod.close();
    }
    // Wrong passphrase, truncated sealed key: refused with the fix.
    expect(await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_KEYSTORE_PASSPHRASE: 'another passphrase entirely' })).toContain('wrong DTL_KEYSTORE_PASSPHRASE');
    truncateSync(join(dataDir, 'ledger-key.pem'), 40);
    expect(await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_KEYSTORE_PASSPHRASE: PASSPHRASE })).toContain('ledger-key.pem is truncated');
  });

  it('refuses a demo data dir (published DEV keys in the keystore)', async () => {
    const demo = await startGateway(parseConfig({ PORT: '0', DTL_DATA_DIR: dataDir }), logger);
    await demo.close();
    await withPassphrase(() => dtl(['keystore', 'encrypt', '--data', dataDir], capture().io));
    const message = await refusal({ DTL_MODE: 'production', DTL_DATA_DIR: dataDir, DTL_KEYSTORE_PASSPHRASE: PASSPHRASE });
    expect(message).toContain('published DEV keys of the demo fixtures');
    expect(message).not.toContain('in clear');
  });

  it('the error type lists every problem', () => {
    expect(new ProductionModeError(['a', 'b']).message).toBe('production mode refuses to start:\n  - a\n  - b');
  });
});
