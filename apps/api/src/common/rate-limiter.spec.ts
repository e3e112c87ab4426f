import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows the burst, then refuses with the whole seconds until the next token', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 0.4 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 3 }); // 1 / 0.4 = 2.5 → 3
    now = 1500;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 }); // 0.6 tokens: 0.4 missing = 1 s
    now = 2500;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('keeps keys apart and never refills past the burst', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 }, () => now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now = 60_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('wouldAllow looks without taking', () => {
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 }, () => 0);
    expect(limiter.wouldAllow('a')).toEqual({ allowed: true });
    expect(limiter.wouldAllow('a')).toEqual({ allowed: true });
    limiter.take('a');
    expect(limiter.wouldAllow('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refuses a limit that would block everything or nothing', () => {
    expect(() => new RateLimiter({ burst: 0, perSecond: 1 })).toThrow(/burst >= 1/);
    expect(() => new RateLimiter({ burst: 1, perSecond: 0 })).toThrow(/perSecond > 0/);
  });

  it('a clock going backwards does not mint tokens', () => {
    let now = 10_000;
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 }, () => now);
    limiter.take('a');
    now = 0;
    expect(limiter.take('a').allowed).toBe(false);
  });
});
