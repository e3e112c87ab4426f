import { Rng } from '../rng';

/** A set of keys with O(1) add, remove and uniform random pick. */
export class KeyPool {
  private readonly keys: string[] = [];
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }
  has(k: string): boolean {
    return this.at.has(k);
  }
  add(k: string): void {
    if (this.at.has(k)) return;
    this.at.set(k, this.keys.length);
    this.keys.push(k);
  }
  delete(k: string): void {
    const i = this.at.get(k);
    if (i === undefined) return;
    const last = this.keys.pop()!;
    if (last !== k) {
      this.keys[i] = last;
      this.at.set(last, i);
    }
    this.at.delete(k);
  }
  pick(r: Rng): string | undefined {
    return this.keys.length ? this.keys[Math.floor(r.next() * this.keys.length)] : undefined;
  }
  values(): readonly string[] {
    return this.keys;
  }
}
