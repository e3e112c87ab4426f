/** Small Map helpers shared by the engine's registries. */

/** The set stored under k, created empty on first use. */
export function setOf<K, V>(m: Map<K, Set<V>>, k: K): Set<V> {
  let s = m.get(k);
  if (!s) {
    s = new Set();
    m.set(k, s);
  }
  return s;
}

/** Decrements a reference count, dropping the entry when it reaches zero. */
export function decr<K>(m: Map<K, number>, k: K): void {
  const n = (m.get(k) ?? 0) - 1;
  if (n <= 0) m.delete(k);
  else m.set(k, n);
}
