import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { FRAMEWORK_IDS, type FrameworkId } from '@reachwatch/compliance';
import { SYSTEM_ACTOR, type ClusterRepository, type ReportSchedule, type ReportScheduleRepository } from '@reachwatch/db';
import type { ApiLogger } from '../common/logger';
import { API_LOGGER, CLUSTER_REPOSITORY, REPORT_SCHEDULE_REPOSITORY, REPORT_SCHEDULER_OPTIONS } from '../tokens';
import { nextCronRun } from './cron';
import { ReportBuilder } from './report-builder';

export interface ReportSchedulerOptions {
  /** Off: this instance never claims schedules (other instances still do). */
  enabled: boolean;
  /** How often due schedules are looked for. A run starts within this long after its time. */
  intervalMs: number;
  /** Schedules claimed per look; the rest wait for the next one (a report can take seconds). */
  batch: number;
}

export const DEFAULT_REPORT_SCHEDULER: ReportSchedulerOptions = { enabled: true, intervalMs: 60_000, batch: 5 };

/**
 * Runs report schedules, started with the API and stopped with it. Every instance looks; the repository's
 * claim hands each due run to exactly one of them and moves the schedule to its next cron time in the same
 * transaction. A run that fails is logged and not retried (the next comes at its time): a report that
 * cannot be computed now would most likely fail again on an immediate retry.
 */
@Injectable()
export class ReportScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    @Inject(REPORT_SCHEDULE_REPOSITORY) private readonly schedules: ReportScheduleRepository,
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
    @Inject(ReportBuilder) private readonly builder: ReportBuilder,
    @Inject(API_LOGGER) private readonly logger: ApiLogger,
    @Inject(REPORT_SCHEDULER_OPTIONS) private readonly options: ReportSchedulerOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    this.stopped = false;
    this.arm();
  }

  /** Stops looking and waits for the run in progress, so the database pool is not closed under it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One look: claims what is due at `now` and generates each report. Returns the ids of the reports stored. */
  async tick(now = new Date()): Promise<number[]> {
    const claimed = await this.schedules.claimDue(now, (s, at) => safeNextRun(s.cron, at), this.options.batch);
    const stored: number[] = [];
    // Claimed runs are finished even while stopping (shutdown waits): their schedules already moved on.
    for (const s of claimed) {
      const id = await this.run(s);
      if (id !== undefined) stored.push(id);
    }
    return stored;
  }

  private arm(): void {
    // A chain of timeouts, not an interval: a slow look never overlaps the next.
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: Error) => this.logger.error('report-scheduler-failed', { message: err.message }))
        .finally(() => {
          if (!this.stopped) this.arm();
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private async run(s: ReportSchedule): Promise<number | undefined> {
    try {
      if (!(FRAMEWORK_IDS as readonly string[]).includes(s.framework)) throw new Error(`unknown framework ${s.framework}`);
      const all = await this.clusters.list();
      // Empty: the fleet as it is at run time. Named clusters that were deleted since are left out.
      const clusters = s.clusterIds.length ? all.filter((c) => s.clusterIds.includes(c.id)) : all;
      const meta = await this.builder.generate(
        { framework: s.framework as FrameworkId, scope: s.scope, clusters, periodDays: s.periodDays, scheduleId: s.id },
        SYSTEM_ACTOR,
      );
      this.logger.info('report-schedule-ran', { schedule: s.id, report: meta.id });
      return meta.id;
    } catch (err) {
      this.logger.error('report-schedule-failed', { schedule: s.id, message: (err as Error).message });
      return undefined;
    }
  }
}

/** A stored expression that no longer parses (a stricter croner) disables its schedule instead of failing every claim. */
function safeNextRun(cron: string, after: Date): Date | null {
  try {
    return nextCronRun(cron, after);
  } catch {
    return null;
  }
}
