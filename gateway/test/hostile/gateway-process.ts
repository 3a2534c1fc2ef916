/** Starts the bundled gateway-child.ts as a process on 127.0.0.1 (kill test, full-disk test) and logs in to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A fresh HS256 secret per test process (none is written in the repository). */
export const TEST_JWT_SECRET = randomBytes(32).toString('base64url');

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the child wrote to stdout and stderr so far. */
  output(): string;
}

/** `fileSizeKb` runs the child under `ulimit -f` (RLIMIT_FSIZE): a disk that fills up at that file size. */
export function startGatewayProcess(script: string, dataDir: string, options: { fileSizeKb?: number; env?: Record<string, string> } = {}): Promise<GatewayProcess> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PORT: '0', DTL_DATA_DIR: dataDir, DTL_LOG_LEVEL: 'warn', DTL_PUBLIC_RATE_LIMIT: '100000000', DTL_DEPARTMENT_RATE_LIMIT: '100000000', DTL_LOGIN_RATE_LIMIT: '100000000', DTL_JWT_SECRET: TEST_JWT_SECRET, ...options.env };
    const child =
      options.fileSizeKb === undefined
        ? spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn('bash', ['-c', `ulimit -f ${options.fileSizeKb} && exec "$0" "$@"`, process.execPath, script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway did not start in 60 s: ${out}`));
    }, 60_000);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${String(code)}) before listening: ${out}`));
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve({ child, url: match[1], output: () => out });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', onExit);
  });
}

export async function login(url: string, department: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: `dtl-demo-${department}` }) });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`login ${department}: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

export async function stopGatewayProcess(gateway: GatewayProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (gateway.child.exitCode !== null || gateway.child.signalCode !== null) return;
  const exited = new Promise((resolve) => gateway.child.once('exit', resolve));
  gateway.child.kill(signal);
  await exited;
}
