/**
 * Sorting the small arrays a write handles (one object's member names, a namespace's pods, an entry list)
 * without Array.prototype.sort, which allocates its work space on every call: a few hundred bytes of
 * garbage per call add up at thousands of writes a second. For a comparator that orders distinct elements
 * consistently the result is the one Array.prototype.sort gives; longer arrays still go to it.
 */
const SMALL = 16;

/** Sorts `items` in place (insertion sort when short) and returns it. */
export function sortSmall<T>(items: T[], cmp: (a: T, b: T) => number): T[] {
  if (items.length > SMALL) return items.sort(cmp);
  for (let i = 1; i < items.length; i++) {
    const x = items[i];
    let j = i - 1;
    while (j >= 0 && cmp(items[j], x) > 0) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = x;
  }
  return items;
}

/** Array.prototype.sort's default order for strings: by UTF-16 code units. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
