/**
 * Progress on stderr while loading many files and while analysing large inputs. Drawn only when stderr is
 * a terminal, or when forced with REACHWATCH_PROGRESS=1 (REACHWATCH_PROGRESS=0 turns it off), and never
 * when JSON goes to stdout (a pipe into jq should see nothing else happen). Everything is redrawn on one
 * line with `\r` and erased when done, so it never mixes with the real output.
 */
import type { Io } from './io';

/** Analysis gets a progress note above this many pods (below it, it takes well under a second). */
export const ANALYSIS_NOTE_MIN_PODS = 2000;

export interface Progress {
  /** Files loaded so far. */
  files(done: number, total: number): void;
  /** A one-line status (the engine's analysis has no progress callback: this is drawn before it runs). */
  status(text: string): void;
  /** Erase whatever is drawn. */
  clear(): void;
  readonly enabled: boolean;
}

export interface ProgressOptions {
  /** JSON on stdout: no progress at all. */
  jsonOnStdout?: boolean;
  /** What is being loaded, e.g. "before". */
  label?: string;
  /** Clock (tests). */
  now?: () => number;
}

export function progressEnabled(io: Io, jsonOnStdout = false): boolean {
  if (jsonOnStdout) return false;
  const forced = io.env.REACHWATCH_PROGRESS;
  if (forced === '0') return false;
  if (forced === '1') return true;
  return io.stderr.isTTY === true;
}

/** A terminal waits this long before drawing, so small inputs never flicker. Forced mode draws at once. */
const TTY_DELAY_MS = 250;
const MIN_REDRAW_MS = 80;
const BAR_WIDTH = 24;

export function createProgress(io: Io, opts: ProgressOptions = {}): Progress {
  const enabled = progressEnabled(io, opts.jsonOnStdout);
  const now = opts.now ?? Date.now;
  const start = now();
  const delay = io.env.REACHWATCH_PROGRESS === '1' ? 0 : TTY_DELAY_MS;
  let lastDraw = -Infinity;
  let drawn = 0; // length of what is on the line

  const draw = (text: string) => {
    const width = Math.max(20, (io.stderr.columns || 80) - 1); // 0 or absent: size unknown
    const line = text.length > width ? text.slice(0, width - 1) + '…' : text;
    io.stderr.write('\r' + line + ' '.repeat(Math.max(0, drawn - line.length)));
    drawn = line.length;
    lastDraw = now();
  };

  return {
    enabled,
    files(done, total) {
      if (!enabled || total <= 0) return;
      const t = now();
      if (t - start < delay && done < total) return;
      if (t - lastDraw < MIN_REDRAW_MS && done < total) return;
      draw(renderBar(opts.label ? `Loading ${opts.label}` : 'Loading', done, total, 'files'));
    },
    status(text) {
      if (!enabled) return;
      draw(text);
    },
    clear() {
      if (!enabled || drawn === 0) return;
      io.stderr.write('\r' + ' '.repeat(drawn) + '\r');
      drawn = 0;
    },
  };
}

/** `Loading [########----------------] 12/40 files` */
export function renderBar(label: string, done: number, total: number, unit: string): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const full = Math.round(ratio * BAR_WIDTH);
  return `${label} [${'#'.repeat(full)}${'-'.repeat(BAR_WIDTH - full)}] ${done}/${total} ${unit}`;
}
