/**
 * What Postgres' sessions waited on during a phase (BENCH_PG_STATS=1): pg_stat_activity sampled every
 * 50 ms, counted by backend type and wait event. A phase that is slow while Postgres' CPU is low is waiting
 * on something — WAL flushes, a checkpoint's writes, locks — and this says which.
 */
import { connectDb } from '@reachwatch/db';

const SAMPLE_MS = 50;

export class WaitSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;
  private db: ReturnType<typeof connectDb> | undefined;
  private busy = false;

  constructor(private readonly url: string) {}

  start(): void {
    this.stop();
    this.counts.clear();
    this.samples = 0;
    this.db = connectDb(this.url);
    this.timer = setInterval(() => void this.sample(), SAMPLE_MS);
  }

  /** Stops sampling and returns lines "share of samples  backend: wait", most frequent first. */
  async finish(): Promise<string[]> {
    this.stop();
    const lines = [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, n]) => `  ${(n / Math.max(1, this.samples)).toFixed(2).padStart(6)} sessions  ${k}`);
    await this.db?.close();
    this.db = undefined;
    return [`Postgres sessions by wait (average over ${this.samples} samples; "running" = on CPU or not waiting):`, ...lines];
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.db) return;
    this.busy = true;
    try {
      const { rows } = await this.db.pool.query<{ backend_type: string; wait: string | null; state: string | null }>(
        `SELECT backend_type, wait_event_type || ':' || wait_event AS wait, state FROM pg_stat_activity
          WHERE pid <> pg_backend_pid() AND (state IS NULL OR state NOT LIKE 'idle%')`,
      );
      this.samples++;
      for (const r of rows) {
        // Background processes idle in their main loop (Activity waits) are not doing work.
        if (r.wait?.startsWith('Activity:')) continue;
        const key = `${r.backend_type}: ${r.wait ?? 'running'}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    } catch {
      // A sample lost (the server busy or stopping) only thins the statistics.
    } finally {
      this.busy = false;
    }
  }
}
