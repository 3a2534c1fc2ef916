/**
 * Test and benchmark support: a throwaway PostgreSQL (scripts/postgres.sh: Debian's package, a cluster in a temp dir,
 * 127.0.0.1 on a free port) or DTL_TEST_POSTGRES_URL when one is given, and a fresh database in it per caller.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ThrowawayPostgres {
  /** URL of a new, empty database in the cluster. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const SCRIPT = resolve(__dirname, '..', '..', '..', 'scripts', 'postgres.sh');
const SCRIPT_FROM_DIST = resolve(__dirname, '..', '..', '..', '..', 'scripts', 'postgres.sh');

function script(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:fs').existsSync(SCRIPT) ? SCRIPT : SCRIPT_FROM_DIST;
}

export async function startPostgres(): Promise<ThrowawayPostgres> {
  const given = process.env.DTL_TEST_POSTGRES_URL;
  let dir: string | undefined;
  let base: string;
  if (given !== undefined && given !== '') {
    base = given;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'dtl-pg-'));
    const out = execFileSync('bash', [script(), 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    base = out.trim().split('\n').pop() ?? '';
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  return {
    async createDatabase(name: string): Promise<string> {
      const safe = name.replace(/[^a-z0-9_]/g, '_');
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${safe}`);
        await client.query(`CREATE DATABASE ${safe} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`);
      } finally {
        await client.end();
      }
      const url = new URL(base);
      url.pathname = `/${safe}`;
      return url.toString();
    },
    async stop(): Promise<void> {
      if (dir === undefined) return;
      execFileSync('bash', [script(), 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
