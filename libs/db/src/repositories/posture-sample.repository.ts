import type { Pool } from 'pg';

/** One cluster-wide coverage sample (the worker writes them; see posture_sample). */
export interface PostureSample {
  at: Date;
  /** The journal position the sample was taken at. */
  seq: number;
  pods: number;
  ingressIsolated: number;
  egressIsolated: number;
  namespaces: number;
  score: number;
}

export interface TrendQuery {
  from: Date;
  to: Date;
  /** At most this many samples come back. */
  points: number;
}

/**
 * Coverage trends. The worker samples at most every few minutes, so a month holds thousands of samples;
 * a sparkline wants a few dozen. The period is cut into `points` equal intervals and each interval is
 * represented by its last sample: every point is a real state of the cluster (an average of pod counts
 * and coverages taken at different times would be none), and an interval without samples gives no point.
 */
export class PostureSampleRepository {
  constructor(private readonly pool: Pool) {}

  /** Samples in [from, to], downsampled, oldest first. */
  async trend(clusterId: number, q: TrendQuery): Promise<PostureSample[]> {
    const fromMs = q.from.getTime();
    const spanMs = q.to.getTime() - fromMs;
    if (spanMs < 0 || q.points < 1) return [];
    // Interval width in ms; a zero-length period is one interval.
    const width = Math.max(spanMs / q.points, 1);
    const r = await this.pool.query<{
      sampled_at: Date; seq: string; pods: number; ingress_isolated: number; egress_isolated: number; namespaces: number; score: number;
    }>(
      `SELECT DISTINCT ON (bucket) sampled_at, seq, pods, ingress_isolated, egress_isolated, namespaces, score
         FROM (SELECT s.*, LEAST(floor((extract(epoch FROM s.sampled_at) * 1000 - $4) / $5)::int, $6 - 1) AS bucket
                 FROM posture_sample s WHERE s.cluster_id = $1 AND s.sampled_at >= $2 AND s.sampled_at <= $3) b
        ORDER BY bucket, sampled_at DESC`,
      [clusterId, q.from, q.to, fromMs, width, q.points],
    );
    return r.rows
      .map((x) => ({
        at: x.sampled_at, seq: Number(x.seq), pods: x.pods, ingressIsolated: x.ingress_isolated, egressIsolated: x.egress_isolated,
        namespaces: x.namespaces, score: x.score,
      }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}
