/** Where a command reads its context from and writes to. Tests pass buffers; the bin passes the process. */
export interface Out {
  /** Text, or bytes (a PDF report written to stdout). */
  write(data: string | Uint8Array): unknown;
  /** True when it is a terminal. */
  isTTY?: boolean;
}

export interface ErrOut extends Out {
  /** Terminal width, when known. (Progress bars are drawn only when isTTY, unless forced.) */
  columns?: number;
}

export interface Io {
  stdout: Out;
  stderr: ErrOut;
  /** The directory relative paths are resolved against. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** An Io that records what is written; handy for tests and for embedding the CLI. */
export function bufferIo(opts: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean } = {}): Io & {
  out(): string;
  err(): string;
} {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: opts.tty ?? false, columns: 80 },
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    out: () => out,
    err: () => err,
  };
}
