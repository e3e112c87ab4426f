/**
 * Deterministic identifiers: name suffixes and pod-template hashes come from a PRNG seeded by the
 * cluster's name, so two runs of one scenario produce the same names (tests and screenshots stay stable).
 * uids come from their own stream, which by default also mixes in a per-start random value: a real API
 * server never hands out a uid twice, and consumers (Reachwatch's idempotent ingest keys on uid +
 * resourceVersion) rely on that across restarts of the simulator.
 */
import { randomBytes } from 'node:crypto';

/** The alphabet Kubernetes uses for generated suffixes (no vowels, no confusable characters). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Ids {
  private state: number;
  private readonly uids: Ids | undefined;

  /** `stableUids`: the uid stream is seeded by `seed` alone (the same uids on every start). */
  constructor(seed: string, stableUids = false, isUidStream = false) {
    this.state = fnv32a(seed) || 1;
    this.uids = isUidStream ? undefined : new Ids(stableUids ? `${seed}/uids` : `${seed}/uids/${randomBytes(8).toString('hex')}`, false, true);
  }

  /** mulberry32 */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uid(): string {
    if (this.uids) return this.uids.uid();
    // The order of draws is part of the uids a seed gives: version and variant first, then the groups in order.
    const v4 = (4 * 0x1000 + Math.floor(this.next() * 0x1000)).toString(16);
    const variant = (0x8000 + Math.floor(this.next() * 0x4000)).toString(16);
    return `${this.hex4()}${this.hex4()}-${this.hex4()}-${v4}-${variant}-${this.hex4()}${this.hex4()}${this.hex4()}`;
  }

  private hex4(): string {
    return Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
  }

  suffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += ALPHANUMS[Math.floor(this.next() * ALPHANUMS.length)];
    return s;
  }
}

/** A pod-template-hash like the ReplicaSet controller's: a hash of the template, safe-encoded. */
export function templateHash(template: unknown): string {
  let h = fnv32a(JSON.stringify(template));
  let s = '';
  for (let i = 0; i < 10; i++) {
    s += ALPHANUMS[h % ALPHANUMS.length];
    h = Math.floor(h / ALPHANUMS.length);
    if (h === 0 && i >= 7) break;
  }
  return s;
}
