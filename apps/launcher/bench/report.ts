/**
 * The benchmark's output: one `BENCH {"suite":"pipeline",…}` line per figure on stdout as soon as it is
 * measured, and a table with the targets at the end.
 */
import type { StepResult } from './run';
import { round, type Summary } from './stats';

interface Row {
  metric: string;
  value: number | null;
  unit: string;
  /** The issue's target, where it sets one (≤ for times, ≥ for rates). */
  target?: { op: '<=' | '>='; value: number };
}

export class Report {
  private readonly rows: Row[] = [];
  private readonly steps: string[] = [];

  constructor(private readonly size: string) {}

  metric(metric: string, value: number, unit: string, target?: number, op: '<=' | '>=' = '>='): void {
    const rounded = Number.isFinite(value) ? round(value, 1) : null;
    this.rows.push({ metric, value: rounded, unit, target: target === undefined ? undefined : { op, value: target } });
    process.stdout.write(`BENCH ${JSON.stringify({ suite: 'pipeline', size: this.size, metric, value: rounded, unit })}\n`);
  }

  sync(objects: number, events: number, objectsMs: number, workerMs: number): void {
    this.metric('sync_objects', objects, 'objects');
    this.metric('sync_journal_events', events, 'events');
    this.metric('sync_objects_stored_ms', objectsMs, 'ms', 15_000, '<=');
    this.metric('sync_worker_caught_up_ms', workerMs, 'ms', 15_000, '<=');
  }

  rate(rate: number, s: StepResult): void {
    this.metric(`rate_${rate}_issued_per_s`, s.drive.achievedRate, 'events/s');
    this.metric(`rate_${rate}_committed_per_s`, s.committedPerS, 'events/s');
    this.metric(`rate_${rate}_max_lag_events`, s.maxLag, 'events');
    this.metric(`rate_${rate}_max_agent_lag_events`, s.maxAgentLag, 'events');
    this.metric(`rate_${rate}_max_journal_lag_events`, s.maxJournalLag, 'events');
    this.metric(`rate_${rate}_drain_ms`, s.drainMs, 'ms');
    this.metric(`rate_${rate}_commit_p50_ms`, s.latency.p50, 'ms');
    this.metric(`rate_${rate}_commit_p99_ms`, s.latency.p99, 'ms');
    this.steps.push(
      `  ${String(rate).padStart(6)}/s  issued ${round(s.drive.achievedRate).toString().padStart(7)}/s  journaled ${String(s.journaled).padStart(6)}` +
        `  committed ${round(s.committedPerS).toString().padStart(7)}/s  max lag ${String(s.maxLag).padStart(6)}  drain ${String(Math.round(s.drainMs)).padStart(6)} ms` +
        `  p50 ${round(s.latency.p50).toString().padStart(7)} ms  p99 ${round(s.latency.p99).toString().padStart(7)} ms  ${s.sustained ? 'sustained' : 'NOT sustained'}`,
    );
  }

  /** CPU seconds per part during a phase (and the phase's wall time): where the machine's cores went. */
  cpu(phase: string, wallS: number, used: Record<string, number>): string {
    const parts = Object.entries(used).sort((a, b) => b[1] - a[1]);
    for (const [part, sec] of parts) this.metric(`${phase}_cpu_${part}_s`, sec, 's');
    const total = parts.reduce((n, [, sec]) => n + sec, 0);
    return `${phase}: ${round(total, 1)} CPU-s in ${round(wallS, 1)} s (${parts.map(([p, sec]) => `${p} ${round(sec, 1)}`).join(', ')})`;
  }

  latency(name: string, backgroundRate: number, s: Summary, missing: number): void {
    if (backgroundRate) this.metric(`${name}_background_events_per_s`, backgroundRate, 'events/s');
    this.metric(`${name}_samples`, s.n, 'samples');
    this.metric(`${name}_missing`, missing, 'samples');
    this.metric(`${name}_p50_ms`, s.p50, 'ms');
    this.metric(`${name}_p99_ms`, s.p99, 'ms', 1000, '<=');
    this.metric(`${name}_max_ms`, s.max, 'ms');
  }

  print(): void {
    const out = process.stdout;
    out.write(`\nPipeline benchmark, size ${this.size}\n`);
    const width = Math.max(...this.rows.map((r) => r.metric.length));
    for (const r of this.rows) {
      const verdict = r.target ? `  target ${r.target.op} ${r.target.value}: ${(r.value !== null && (r.target.op === '<=' ? r.value <= r.target.value : r.value >= r.target.value)) ? 'met' : 'MISSED'}` : '';
      out.write(`  ${r.metric.padEnd(width)}  ${(r.value === null ? 'n/a' : String(r.value)).padStart(10)} ${r.unit}${verdict}\n`);
    }
    if (this.steps.length) out.write(`\nRate steps:\n${this.steps.join('\n')}\n`);
  }
}
