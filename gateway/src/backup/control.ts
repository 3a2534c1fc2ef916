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

/** Serves POST /backup {"out": DIR} on the data dir's control socket. Resolves once listening. */
export async function serveControl(source: BackupSource): Promise<ControlServer> {
  const path = controlSocketPath(source.dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) return { path: undefined, close: async () => undefined };
  if (existsSync(path)) rmSync(path, { force: true }); // left by a process that did not shut down cleanly
  let running = false;
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/backup') {
      answer(404, { error: 'POST /backup {"out": DIR} is the only control request' });
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
