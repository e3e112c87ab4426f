import { useCallback, useEffect, useState } from 'react';

/**
 * Dark and light. "system" follows prefers-color-scheme (the stylesheet does that by itself, so the
 * first paint is right before any script runs: the CSP allows no inline script to set it earlier);
 * an explicit choice is kept in localStorage and set as <html data-theme>.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'reachwatch.theme';
const ORDER: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export function nextTheme(t: ThemeChoice): ThemeChoice {
  return ORDER[(ORDER.indexOf(t) + 1) % ORDER.length];
}

export function readTheme(stored: string | null): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function useTheme(): { theme: ThemeChoice; cycle(): void } {
  const [theme, setTheme] = useState<ThemeChoice>(() => readTheme(safeGet(KEY)));
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
    safeSet(KEY, theme === 'system' ? null : theme);
  }, [theme]);
  const cycle = useCallback(() => setTheme((t) => nextTheme(t)), []);
  return { theme, cycle };
}

/** localStorage can throw (disabled storage, private modes): a preference is not worth an error. */
export function safeGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function safeSet(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // see safeGet
  }
}
