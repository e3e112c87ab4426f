/** copyOf/withMembers make the same objects object spread makes: members, their order, own `__proto__` members. */
import { describe, expect, it } from 'vitest';
import { copyOf, withMembers } from '../src/copy';

const shape = (o: object) => ({ proto: Object.getPrototypeOf(o), keys: Reflect.ownKeys(o), values: Reflect.ownKeys(o).map((k) => (o as Record<PropertyKey, unknown>)[k]) });

describe('copyOf and withMembers', () => {
  it('write what spread writes', () => {
    const tag = Symbol('tag');
    const withProto = JSON.parse('{"a":1,"__proto__":{"x":1},"b":2}');
    const bases: unknown[] = [{ b: 1, a: 2, 10: 'n', 2: 'm', u: undefined, [tag]: 't' }, {}, undefined, null, 'str', 5, [7, 8], withProto];
    const extras: object[] = [{}, { a: 9, z: undefined }, { 2: 'x', c: 3 }, JSON.parse('{"__proto__":{"y":2},"c":1}')];
    for (const base of bases) {
      expect(shape(copyOf(base) as object)).toEqual(shape({ ...(base as object) }));
      for (const extra of extras) expect(shape(withMembers(base, extra))).toEqual(shape({ ...(base as object), ...extra }));
    }
  });
});
