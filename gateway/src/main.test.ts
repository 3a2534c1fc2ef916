import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig } from './config';
import { defaultExplorerDir, startGateway } from './main';

describe('startGateway (what npm start runs)', () => {
  it('loads the fixtures into an empty data dir, serves the API and the explorer, and reopens without reloading', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dtl-main-'));
    const explorer = join(dataDir, 'explorer-dist');
    mkdirSync(explorer);
    writeFileSync(join(explorer, 'index.html'), '<!doctype html><title>explorer</title>');
    const config = parseConfig({ PORT: '0', DTL_DATA_DIR: dataDir, DTL_EXPLORER_DIR: explorer });
    const logger = pino({ level: 'silent' });
    try {
      const first = await startGateway(config, logger);
      expect(first.fixtures.loaded).toBeGreaterThan(20);
      expect(first.fixtures.apiKeys.find((k) => k.department === 'sh-samr')?.apiKey).toBe('dtl-demo-sh-samr');
      const health = (await (await fetch(`${first.url}/healthz`)).json()) as { height: number };
      expect(health.height).toBeGreaterThan(20);
      expect(await (await fetch(`${first.url}/`)).text()).toContain('explorer');
      expect(await (await fetch(`${first.url}/blocks/3`)).text()).toContain('explorer'); // client-side route
      expect(statSync(join(dataDir, 'jwt.secret')).mode & 0o777).toBe(0o600);
      await first.close();
      const second = await startGateway(config, logger);
      expect(second.fixtures.loaded).toBe(0);
      expect(second.fixtures.summary).toContain('not reloaded');
      const login = await fetch(`${second.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: 'dtl-demo-sh-samr' }) });
      expect(login.status).toBe(200);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('finds the explorer that `npm run build` built, so a clean clone\'s `npm install && npm start` serves a page at /', () => {
    const dir = defaultExplorerDir();
    expect(dir).toBeDefined();
    // The three areas of the web application, each with the script its page loads.
    for (const page of ['index.html', 'workbench/index.html', 'audit/index.html']) {
      const html = readFileSync(join(dir ?? '', page), 'utf8');
      const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect(statSync(join(dir ?? '', script ?? '')).size).toBeGreaterThan(500);
    }
  });
});
