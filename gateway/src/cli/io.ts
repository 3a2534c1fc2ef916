import { readFileSync } from 'node:fs';

/** Where a CLI command writes, so commands can run in-process under test as well as from the shell. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * Exit codes shared by every dtl command: 0 success / valid, 1 invalid (verification failed), 2 bad input,
 * 3 unanchored (a proof checked without a trust bundle: never a success).
 */
export const EXIT = { OK: 0, INVALID: 1, BAD_INPUT: 2, UNANCHORED: 3 } as const;

/** An error that ends a command with exit code 2 and a one-line reason on stderr. */
export class BadInput extends Error {
  override readonly name = 'BadInput';
}

/** A file's text (`-`: standard input); an unreadable file is bad input. */
export function readText(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new BadInput(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A JSON file (`-`: standard input); unreadable or not JSON is bad input. */
export function readJson(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadInput(`${path} is not JSON: ${(error as Error).message}`);
  }
}
