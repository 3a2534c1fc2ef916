/** For tests of the CLI: an `io` for `main(argv, io)` that keeps what the command wrote to stdout and stderr. */
export function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { out: (t) => (out += t), err: (t) => (err += t) }, out: () => out, err: () => err };
}
