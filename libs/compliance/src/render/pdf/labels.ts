/** Placing the port labels of a diagram's edges where they overlap nothing (pure geometry). */
import type { Box, Point } from './diagram-layout';

/**
 * Greedy label placement: each label takes the first candidate position whose box overlaps no box
 * placed before and no node; when every candidate collides, the one with the least overlap. Label
 * widths are estimated from the Helvetica average advance (0.55 em), which errs wide.
 */
export class LabelPlacer {
  private readonly taken: Box[];
  constructor(
    nodes: readonly Box[],
    private readonly font: number,
  ) {
    this.taken = nodes.map((n) => ({ ...n }));
  }

  place(text: string, candidates: Point[], anchor: 'center' | 'left', maxX: number): Point {
    const w = text.length * this.font * 0.55 + 3;
    const h = this.font + 2;
    let best: { at: Point; box: Box; overlap: number } | undefined;
    for (const c of candidates) {
      const cx = anchor === 'left' ? Math.min(c[0] + w / 2, maxX - w / 2) : c[0];
      const box = { x: cx - w / 2, y: c[1] - h / 2, w, h };
      const overlap = this.taken.reduce((s, t) => s + overlapArea(box, t), 0);
      if (!best || overlap < best.overlap) best = { at: [cx, c[1]], box, overlap };
      if (overlap === 0) break;
    }
    this.taken.push(best!.box);
    return best!.at;
  }
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
