import { describe, expect, it } from 'vitest';
import { nextInDirection } from './keyboard';

// A plus sign around c, with a far node straight right and a near one off to the side.
const nodes = [
  { id: 'c', x: 100, y: 100, r: 5 },
  { id: 'up', x: 100, y: 40, r: 5 },
  { id: 'down', x: 100, y: 160, r: 5 },
  { id: 'left', x: 40, y: 100, r: 5 },
  { id: 'right-far', x: 190, y: 100, r: 5 },
  { id: 'right-side', x: 130, y: 160, r: 5 },
];

describe('nextInDirection', () => {
  it('moves to the nearest node straight ahead', () => {
    expect(nextInDirection(nodes, 'c', 'up')).toBe('up');
    expect(nextInDirection(nodes, 'c', 'down')).toBe('down');
    expect(nextInDirection(nodes, 'c', 'left')).toBe('left');
    // 90 ahead beats 30 ahead + 60 to the side (score 150).
    expect(nextInDirection(nodes, 'c', 'right')).toBe('right-far');
  });

  it('starts at the top-left node, and stops at the edge', () => {
    expect(nextInDirection(nodes, null, 'right')).toBe('up');
    expect(nextInDirection(nodes, 'unknown', 'down')).toBe('up');
    expect(nextInDirection(nodes, 'right-far', 'right')).toBeNull();
    expect(nextInDirection([], null, 'up')).toBeNull();
  });
});
