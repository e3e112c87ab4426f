import { describe, expect, it } from 'vitest';
import { isTypingTarget, onKey, SHORTCUTS } from './shortcuts';
import { nextTheme, readTheme } from './theme';

describe('keyboard shortcuts', () => {
  it('two-key sequences go to their view; a wrong second key cancels', () => {
    let r = onKey({ pending: null }, 'g');
    expect(r).toEqual({ state: { pending: 'g' } });
    r = onKey(r.state, 'n');
    expect(r).toEqual({ state: { pending: null }, target: { to: 'cluster', view: 'namespaces' } });
    expect(onKey({ pending: 'g' }, 'x')).toEqual({ state: { pending: null }, target: undefined });
    expect(onKey({ pending: null }, '?').target).toEqual({ to: 'help' });
    expect(onKey({ pending: null }, '/').target).toEqual({ to: 'search' });
    expect(onKey({ pending: null }, 'n').target).toBeUndefined();
  });

  it('every listed shortcut is reachable and no two share keys', () => {
    const keys = SHORTCUTS.map((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of SHORTCUTS) {
      let st = { pending: null as string | null };
      let target;
      for (const k of s.keys.split(' ')) ({ state: st, target } = onKey(st, k));
      expect(target, s.keys).toEqual(s.target);
    }
  });

  it('typing in a field is never a shortcut', () => {
    expect(isTypingTarget({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('theme cycles system → light → dark and reads only known values', () => {
    expect(nextTheme('system')).toBe('light');
    expect(nextTheme('light')).toBe('dark');
    expect(nextTheme('dark')).toBe('system');
    expect(readTheme('dark')).toBe('dark');
    expect(readTheme('purple')).toBe('system');
    expect(readTheme(null)).toBe('system');
  });
});
