import type { LiveClusterStatus, WorkerUpdateNotice } from '@reachwatch/db';

/** What the worker's notices said a range contains; lets a read skip tables nothing was written to. */
export type RangeHints = Pick<WorkerUpdateNotice, 'edgesChanged' | 'postureChanged' | 'added' | 'removed' | 'audits' | 'alertsOpened' | 'alertsResolved'>;

/** Journal positions (fromSeq, toSeq] of one cluster to read and send; hints null = unknown, read everything. */
export interface FeedRange {
  fromSeq: number;
  toSeq: number;
  hints: RangeHints | null;
}

const NO_HINTS: RangeHints = { edgesChanged: 0, postureChanged: 0, added: 0, removed: 0, audits: 0, alertsOpened: 0, alertsResolved: 0 };

function addHints(a: RangeHints, n: WorkerUpdateNotice): RangeHints {
  return {
    edgesChanged: a.edgesChanged + n.edgesChanged,
    postureChanged: a.postureChanged + n.postureChanged,
    added: a.added + n.added,
    removed: a.removed + n.removed,
    audits: a.audits + n.audits,
    alertsOpened: a.alertsOpened + n.alertsOpened,
    alertsResolved: a.alertsResolved + n.alertsResolved,
  };
}

export interface FeedTiming {
  coalesceMs: number;
  retryMs: number;
}

/**
 * One cluster someone on this instance watches: how far its events were sent (`seq`), how far the worker
 * is known to be (`target`), and the coalescing of bursts. At most one range is read at a time, so events
 * of a cluster go out in journal order and never overlap; notices that arrive meanwhile extend the next
 * range. Invariant: seq ≤ target; (seq, target] is pending.
 */
export class ClusterFeed {
  /** Everything up to here was sent (or was already done when the first subscriber joined). */
  seq: number;
  private target: number;
  private hints: RangeHints | null = NO_HINTS;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  closed = false;

  constructor(
    readonly clusterId: number,
    readonly name: string,
    start: number,
    /** Namespaces that have posture as of `seq` (posture rows that vanish leave no trace but this). */
    public namespaces: Set<string>,
    public status: LiveClusterStatus,
    private readonly timing: FeedTiming,
    /** Reads and sends one range; throws to have it retried. Called with at most one range at a time. */
    private readonly send: (feed: ClusterFeed, range: FeedRange) => Promise<void>,
  ) {
    this.seq = start;
    this.target = start;
  }

  /** A worker notice for this cluster. */
  offer(n: WorkerUpdateNotice): void {
    if (this.closed || n.seq <= this.target) return;
    // A notice that does not continue from the last known position means one was missed (listener
    // reconnect): the hints no longer describe the whole range.
    this.hints = this.hints && n.fromSeq === this.target ? addHints(this.hints, n) : null;
    this.target = n.seq;
    this.schedule(this.timing.coalesceMs);
  }

  /** The worker is known (from polling) to be at `seq`: the safety net for notices that never arrived. */
  advanceTo(seq: number): void {
    if (this.closed || seq <= this.target) return;
    this.hints = null;
    this.target = seq;
    this.schedule(this.timing.coalesceMs);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    if (this.closed || this.running || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.closed || this.target <= this.seq) return;
    const range: FeedRange = { fromSeq: this.seq, toSeq: this.target, hints: this.hints };
    this.hints = NO_HINTS;
    this.running = true;
    let delay = this.timing.coalesceMs;
    try {
      await this.send(this, range);
      this.seq = range.toSeq;
    } catch {
      // Nothing of the range was marked sent: read it all again later (the caller logged the error).
      this.hints = null;
      delay = this.timing.retryMs;
    } finally {
      this.running = false;
    }
    if (this.target > this.seq) this.schedule(delay);
  }
}
