/**
 * The operator's control socket of a running gateway: `<dataDir>/control.sock`, a Unix socket (mode 0600, so only
 * the account that owns the data dir can use it; never a network address). `dtl backup --data DIR` asks the running
 * gateway through it for a snapshot, because LevelDB lets one process open the ledger at a time.
 */
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { BackupError, writeBackup, type BackupManifest, type BackupSource } from './backup';

export const CONTROL_SOCKET = 'control.sock';
/** sun_path holds 108 bytes on Linux. */
const MAX_SOCKET_PATH = 107;

export function controlSocketPath(dataDir: string): string {
  return join(resolve(dataDir), CONTROL_SOCKET);
}

export interface ControlServer {
  readonly path: string | undefined;
  close(): Promise<void>;
}

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 64 * 1024) req.destroy(new Error('control request too large'));
    });
    req.on('end', () => ok(text));
    req.on('error', fail);
  });
}

/** What the control socket serves: backups, and (for a standby) the stored blocks. */
export interface ControlSource extends BackupSource {
  storedBlockBytes?(number: number): Promise<Buffer | undefined>;
}

const BLOCKS_URL = /^\/blocks\?from=(\d{1,15})&limit=(\d{1,4})$/;

/**
 * Serves POST /backup {"out": DIR} and GET /blocks?from=N&limit=M (stored blocks, base64, for `dtl standby follow`)
 * on the data dir's control socket. Resolves once listening.
 */
export async function serveControl(source: ControlSource): Promise<ControlServer> {
  const path = controlSocketPath(source.dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) return { path: undefined, close: async () => undefined };
  if (existsSync(path)) rmSync(path, { force: true }); // left by a process that did not shut down cleanly
  let running = false;
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const blocks = req.method === 'GET' ? BLOCKS_URL.exec(req.url ?? '') : null;
    if (blocks !== null && source.storedBlockBytes !== undefined) {
      const read = source.storedBlockBytes.bind(source);
      const from = Number(blocks[1]);
      const limit = Math.min(Number(blocks[2]), 500);
      void (async (): Promise<void> => {
        const out: string[] = [];
        for (let n = from; n < from + limit; n++) {
          const raw = await read(n);
          if (raw === undefined) break;
          out.push(raw.toString('base64'));
        }
        answer(200, { blocks: out });
      })().catch(() => answer(500, { error: 'reading blocks failed; see the gateway log' }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/backup') {
      answer(404, { error: 'POST /backup {"out": DIR} and GET /blocks?from=N&limit=M are the control requests' });
      return;
    }
    void readBody(req)
      .then(async (text) => {
        const out = (JSON.parse(text) as { out?: unknown }).out;
        if (typeof out !== 'string' || out === '') throw new BackupError('control: body.out must name the backup directory');
        if (running) throw new BackupError('control: a backup is already running');
        running = true;
        try {
          answer(200, { manifest: await writeBackup(source, resolve(out)) });
        } finally {
          running = false;
        }
      })
      .catch((error: unknown) => answer(error instanceof BackupError ? 409 : 500, { error: error instanceof BackupError ? error.message : 'backup failed; see the gateway log' }));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(path, () => ok());
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => {
          rmSync(path, { force: true });
          done();
        });
      }),
  };
}

/** Reads stored blocks from a primary's control socket (or an SSH-forwarded copy of it). */
export function fetchBlocks(socketPath: string, from: number, limit: number): Promise<Buffer[]> {
  return new Promise((ok, fail) => {
    const req = request({ socketPath, method: 'GET', path: `/blocks?from=${from}&limit=${limit}` }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { blocks?: unknown; error?: string };
          if (res.statusCode !== 200 || !Array.isArray(parsed.blocks)) throw new BackupError(parsed.error ?? `control: status ${String(res.statusCode)}`);
          ok(parsed.blocks.map((b) => Buffer.from(String(b), 'base64')));
        } catch (error) {
          fail(error instanceof BackupError ? error : new BackupError(`control: unreadable answer (status ${String(res.statusCode)})`));
        }
      });
    });
    req.on('error', fail);
    req.end();
  });
}

/** Asks the gateway running on dataDir for a backup into out (an absolute path is sent). */
export function requestBackup(dataDir: string, out: string): Promise<BackupManifest> {
  return new Promise((ok, fail) => {
    const body = JSON.stringify({ out: resolve(out) });
    const req = request({ socketPath: controlSocketPath(dataDir), method: 'POST', path: '/backup', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          const parsed = JSON.parse(text) as { manifest?: BackupManifest; error?: string };
          if (res.statusCode === 200 && parsed.manifest) ok(parsed.manifest);
          else fail(new BackupError(parsed.error ?? `control: status ${String(res.statusCode)}`));
        } catch {
          fail(new BackupError(`control: unreadable answer (status ${String(res.statusCode)})`));
        }
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}
