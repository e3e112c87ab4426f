import type { ClusterViewId } from './routes';

/**
 * Keyboard shortcuts, GitHub-style two-key sequences: `g f` fleet, `g n` namespaces, … A pure function
 * of the previous key and the pressed one, so the table is tested and shown in the help from one place.
 */
export type ShortcutTarget = { to: 'fleet' | 'alerts' | 'reports' } | { to: 'cluster'; view: ClusterViewId } | { to: 'help' } | { to: 'search' };

export const SHORTCUTS: readonly { keys: string; target: ShortcutTarget; label: string }[] = [
  { keys: 'g f', target: { to: 'fleet' }, label: 'Fleet' },
  { keys: 'g n', target: { to: 'cluster', view: 'namespaces' }, label: 'Namespaces of the current cluster' },
  { keys: 'g g', target: { to: 'cluster', view: 'graph' }, label: 'Flow graph' },
  { keys: 'g m', target: { to: 'cluster', view: 'matrix' }, label: 'Reachability matrix' },
  { keys: 'g e', target: { to: 'cluster', view: 'explain' }, label: 'Explain a connection' },
  { keys: 'g u', target: { to: 'cluster', view: 'audit' }, label: 'Policy audit timeline' },
  { keys: 'g w', target: { to: 'cluster', view: 'whatif' }, label: 'What-if' },
  { keys: 'g a', target: { to: 'alerts' }, label: 'Alerts' },
  { keys: 'g r', target: { to: 'reports' }, label: 'Reports' },
  { keys: '/', target: { to: 'search' }, label: 'Focus the search or filter field of the page' },
  { keys: '?', target: { to: 'help' }, label: 'Show these shortcuts' },
];

export interface KeyState {
  /** The first key of a sequence, waiting for the second. */
  pending: string | null;
}

export function onKey(state: KeyState, key: string): { state: KeyState; target?: ShortcutTarget } {
  if (state.pending) {
    const hit = SHORTCUTS.find((s) => s.keys === `${state.pending} ${key}`);
    return { state: { pending: null }, target: hit?.target };
  }
  if (SHORTCUTS.some((s) => s.keys.startsWith(`${key} `))) return { state: { pending: key } };
  const hit = SHORTCUTS.find((s) => s.keys === key);
  return { state: { pending: null }, target: hit?.target };
}

/** Typing in a field, or a key with a modifier, is never a shortcut. */
export function isTypingTarget(el: EventTarget | null): boolean {
  const e = el as HTMLElement | null;
  if (!e || typeof e.tagName !== 'string') return false;
  return e.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.tagName);
}
