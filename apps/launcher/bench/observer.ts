/**
 * The parent's view of Postgres: what ingest has stored (k8s_object, the journal head) and what the
 * worker has committed, timed by the worker's own NOTIFY on reachwatch_updates (sent at its commit).
 */
import { Pool } from 'pg';
import { listen, WORKER_UPDATES_CHANNEL, type Listener, type WorkerUpdateNotice } from '@reachwatch/db';
import type { Probe } from './driver';
import { clock, sleep } from './stats';

interface Commit {
  seq: number;
  at: number;
  alertsOpened: number;
}

export interface ProbeResult {
  latencies: number[];
  /** Probes whose event was never journaled or never committed within the wait. */
  missing: number;
}

export class Observer {
  private readonly commits: Commit[] = [];
  private listener?: Listener;
  private readonly pool: Pool;

  constructor(url: string, private readonly clusterId: string) {
    this.pool = new Pool({ connectionString: url, max: 2 });
  }

  async start(): Promise<void> {
    this.listener = await listen(this.pool.options.connectionString as string, WORKER_UPDATES_CHANNEL, (payload) => {
      const at = clock();
      const n = JSON.parse(payload) as WorkerUpdateNotice;
      if (n.clusterId !== this.clusterId) return;
      this.commits.push({ seq: n.seq, at, alertsOpened: n.alertsOpened });
    });
  }

  async close(): Promise<void> {
    await this.listener?.close();
    await this.pool.end();
  }

  /** The worker's committed cursor as last notified (0 before any commit). */
  get cursor(): number {
    return this.commits.length ? this.commits[this.commits.length - 1].seq : 0;
  }

  /** When the worker's cursor first reached `seq` (undefined: not yet). */
  committedAt(seq: number): number | undefined {
    let lo = 0;
    let hi = this.commits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.commits[mid].seq >= seq) hi = mid;
      else lo = mid + 1;
    }
    return this.commits[lo]?.at;
  }

  /**
   * Whether the initial sync is stored: the agent's relists ended (sync_state) and the journal holds one
   * event per object. Read from the cluster row: counting k8s_object every 100 ms scanned the growing table
   * and took Postgres CPU from the very sync it timed (200 ms per count at 70k objects).
   */
  async initialSyncStored(objects: number): Promise<boolean> {
    const { rows } = await this.pool.query<{ next_seq: string; sync_state: string }>('SELECT next_seq, sync_state FROM cluster WHERE id = $1', [this.clusterId]);
    return Number(rows[0].next_seq) - 1 >= objects && rows[0].sync_state === 'synced';
  }

  /** The last journaled seq. */
  async head(): Promise<number> {
    const { rows } = await this.pool.query<{ next_seq: string }>('SELECT next_seq FROM cluster WHERE id = $1', [this.clusterId]);
    return Number(rows[0].next_seq) - 1;
  }

  async storedCursor(): Promise<number> {
    const { rows } = await this.pool.query<{ last_seq: string }>('SELECT last_seq FROM worker_cursor WHERE cluster_id = $1', [this.clusterId]);
    return rows.length ? Number(rows[0].last_seq) : 0;
  }

  /** Polls until `done()` holds; returns the clock() when it did, or throws after `timeoutMs`. */
  async until(what: string, done: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<number> {
    const deadline = clock() + timeoutMs;
    for (;;) {
      if (await done()) return clock();
      if (clock() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
      await sleep(everyMs);
    }
  }

  /** The journal seq of each probe's change (undefined where it was not journaled). */
  async seqsOf(probes: readonly Probe[]): Promise<(number | undefined)[]> {
    if (!probes.length) return [];
    const { rows } = await this.pool.query<{ uid: string; resource_version: string; seq: string }>(
      `SELECT e.uid, e.resource_version, e.seq FROM change_event e
         JOIN unnest($2::text[], $3::text[]) AS k(uid, rv) ON e.uid = k.uid AND e.resource_version = k.rv
        WHERE e.cluster_id = $1`,
      [this.clusterId, probes.map((p) => p.uid), probes.map((p) => p.rv)],
    );
    const bySeq = new Map(rows.map((r) => [`${r.uid}@${r.resource_version}`, Number(r.seq)]));
    return probes.map((p) => bySeq.get(`${p.uid}@${p.rv}`));
  }

  /** Latency from each probe's change in the simulator to the worker's commit of its journal event. */
  async probeLatencies(probes: readonly Probe[], waitMs: number): Promise<ProbeResult> {
    const seqs = await this.seqsOf(probes);
    const last = Math.max(0, ...seqs.map((s) => s ?? 0));
    await this.until('the probes to be committed', () => this.cursor >= last, waitMs).catch(() => undefined);
    const latencies: number[] = [];
    let missing = 0;
    probes.forEach((p, i) => {
      const seq = seqs[i];
      const at = seq === undefined ? undefined : this.committedAt(seq);
      if (at === undefined) missing++;
      else latencies.push(at - p.at);
    });
    return { latencies, missing };
  }

  /** The alert opened by the event `seq` (its rule), if the worker opened one. */
  async alertOpenedBy(seq: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ rule: string }>('SELECT rule FROM alert WHERE cluster_id = $1 AND first_seq = $2 LIMIT 1', [this.clusterId, seq]);
    return rows[0]?.rule;
  }
}
