import { Cron } from 'croner';
import { REPORTS_MSG } from './messages';

/** Reports are heavy (a full engine state per cluster) and a period is days long: at most one run an hour. */
const MIN_GAP_MS = 3_600_000;
/** How many upcoming runs are checked for the minimum gap (irregular expressions such as "0,30 6 * * *"). */
const RUNS_CHECKED = 24;

/** Croner without a callback schedules nothing: it only computes times. Always UTC, as the API documents. */
function cron(expr: string): Cron {
  return new Cron(expr, { paused: true, timezone: 'UTC' });
}

/**
 * Why `expr` is not an acceptable schedule, or null. Five fields (croner also reads six and seven, with
 * seconds and years; a seconds field would allow a report every second) or a nickname such as @weekly.
 */
export function cronProblem(expr: string, now = new Date()): string | null {
  const text = expr.trim();
  if (!text.startsWith('@') && text.split(/\s+/).length !== 5) return REPORTS_MSG.badCron('expected five fields');
  let runs: Date[];
  try {
    runs = cron(text).nextRuns(RUNS_CHECKED, now);
  } catch (err) {
    return REPORTS_MSG.badCron((err as Error).message.replace(/^CronPattern: /, '').replace(/\.$/, ''));
  }
  if (runs.length === 0) return REPORTS_MSG.cronNoRun;
  for (let i = 1; i < runs.length; i++) {
    const gap = runs[i].getTime() - runs[i - 1].getTime();
    if (gap < MIN_GAP_MS) return REPORTS_MSG.cronTooFrequent(Math.round(gap / 60_000));
  }
  return null;
}

/** The first run strictly after `after`, or null when there is none (a date pattern in the past). */
export function nextCronRun(expr: string, after: Date): Date | null {
  return cron(expr.trim()).nextRun(after);
}
