/** Where a command reads its context from and writes to. Tests pass buffers; the bin passes the process. */
export interface Out {
  write(text: string): unknown;
}

export interface ErrOut extends Out {
  /** True when stderr is a terminal (progress bars are drawn only then, unless forced). */
  isTTY?: boolean;
  /** Terminal width, when known. */
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
