/**
 * Shallow copies of objects, with members added or replaced, exactly as object spread writes them
 * (`{ ...base, ...extra }`: the same members in the same order) but without the price Node 20's V8 puts
 * on adding a member to a spread copy of a non-empty object — a new hidden class each time, about 1.5 µs a
 * member, which was most of the cost of creating a pod. Copies built with Object.assign grow along the
 * shared hidden-class transitions, also when a caller adds members to them afterwards.
 */

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** `{ ...base }`. */
export function copyOf<T>(base: T): T {
  // Object.assign sets where spread defines: an own `__proto__` member would set the copy's prototype.
  if (typeof base === 'object' && base !== null && hasOwn(base, '__proto__')) return { ...base };
  return Object.assign({}, base);
}

/** `{ ...base, ...extra }`. */
export function withMembers<T, U extends object>(base: T, extra: U): T & U {
  if ((typeof base === 'object' && base !== null && hasOwn(base, '__proto__')) || hasOwn(extra, '__proto__')) return { ...base, ...extra };
  return Object.assign({}, base, extra);
}
