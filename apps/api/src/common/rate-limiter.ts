/**
 * Token buckets keyed by a string (a cluster id, a client address). A bucket holds up to `burst` tokens
 * and gains `perSecond` tokens a second; each request takes one. In memory and per process: with several
 * API instances behind a balancer each enforces its own share, which is what a per-agent limit needs
 * (an agent talks to one instance at a time).
 */
export interface RateLimit {
  /** Requests allowed at once after a quiet period. */
  burst: number;
  /** Sustained requests per second. */
  perSecond: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Past this many keys, buckets that have refilled completely (idle keys) are dropped. */
const PRUNE_ABOVE = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.burst >= 1) || !(limit.perSecond > 0)) {
      throw new Error(`rate limit needs burst >= 1 and perSecond > 0, got ${JSON.stringify(limit)}`);
    }
  }

  /** Take one token for `key`, or say how long until one is available (whole seconds, at least 1). */
  take(key: string): TakeResult {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const seconds = (1 - bucket.tokens) / this.limit.perSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
  }

  /** Like take, but only looks: whether `key` has a token left. */
  wouldAllow(key: string): TakeResult {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)) };
  }

  private refilled(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_ABOVE) this.pruneIdle(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + elapsed * this.limit.perSecond);
    bucket.at = now;
    return bucket;
  }

  private pruneIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.limit.perSecond;
      if (tokens >= this.limit.burst) this.buckets.delete(key);
    }
  }
}
