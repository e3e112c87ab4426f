/** Every message of the trend resource a client can read. */
export const TREND_MSG = {
  fromAfterTo: 'from must be before to',
  description:
    'Cluster-wide coverage over time, from the samples the worker takes at most every few minutes. The period (default: the 30 days up to now) ' +
    'is cut into `points` equal intervals, each shown by its last sample (an interval without samples has no point). ' +
    'Coverages are the percentage of pods isolated in that direction (null without pods); score is the mean namespace posture score, 0–100.',
} as const;
