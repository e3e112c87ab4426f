import type { Placed } from './layout';

export type Direction = 'left' | 'right' | 'up' | 'down';

export const ARROWS: Readonly<Record<string, Direction>> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Arrow-key navigation between nodes on the canvas: the nearest node in the direction pressed, where a
 * node straight ahead beats one off to the side (sideways distance counts double). Without a current
 * node, the first in reading order (top to bottom, left to right). Null when nothing lies that way.
 */
export function nextInDirection(nodes: readonly Pick<Placed, 'id' | 'x' | 'y'>[], fromId: string | null, dir: Direction): string | null {
  const from = fromId ? nodes.find((n) => n.id === fromId) : undefined;
  if (!from) {
    const first = [...nodes].sort((a, b) => a.y - b.y || a.x - b.x || cmp(a.id, b.id))[0];
    return first?.id ?? null;
  }
  let best: { id: string; score: number } | null = null;
  for (const n of nodes) {
    if (n.id === from.id) continue;
    const dx = n.x - from.x;
    const dy = n.y - from.y;
    const ahead = dir === 'right' ? dx : dir === 'left' ? -dx : dir === 'down' ? dy : -dy;
    const side = Math.abs(dir === 'left' || dir === 'right' ? dy : dx);
    if (ahead <= 0) continue;
    const score = ahead + 2 * side;
    if (!best || score < best.score || (score === best.score && cmp(n.id, best.id) < 0)) best = { id: n.id, score };
  }
  return best?.id ?? null;
}
