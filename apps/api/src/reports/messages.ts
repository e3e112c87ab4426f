/** Every message of the reports and report-schedules resources a client can read. */
export const REPORTS_MSG = {
  notFound: (id: number) => `No report with id ${id}.`,
  scheduleNotFound: (id: number) => `No report schedule with id ${id}.`,
  scheduleNameTaken: (name: string) => `A report schedule named "${name}" already exists.`,
  noClusters: 'There is no cluster to report on: none exists, or none is granted to you.',
  reportRejected: (reason: string) => `The report cannot be computed: ${reason}`,
  badCron: (reason: string) => `Not a cron expression: ${reason}. Use five fields (minute hour day-of-month month day-of-week, UTC), e.g. "0 6 * * 1" for Mondays at 06:00.`,
  cronTooFrequent: (minutes: number) => `Runs at most once an hour: this expression runs every ${minutes} minute${minutes === 1 ? '' : 's'} at times.`,
  cronNoRun: 'This expression has no future run.',
  clusterGone: 'The cluster no longer exists.',
  journalPruned: 'The journal no longer reaches back to the snapshot; the state then cannot be rebuilt.',
  verifyNote: {
    snapshot: "Recomputed from each cluster's state at the journal position the report was computed at.",
    current: "Recomputed from each cluster's current state: a mismatch means the state changed since the snapshot.",
  },
} as const;
