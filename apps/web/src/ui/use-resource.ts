import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True while the first answer (or a reload after an error) is awaited; a background refresh keeps the data. */
  loading: boolean;
  /** Fetch again (keeps showing the current data meanwhile). */
  reload(): void;
  /** Change the data in place (live events). */
  update(f: (current: T) => T): void;
}

/**
 * One REST read bound to a key (the URL state it depends on). Answers to an older key are dropped, so a
 * quick filter change never shows a stale page.
 */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: unknown; loading: boolean }>({ key, loading: key !== null });
  const gen = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((k: string | null, keepData: boolean) => {
    const mine = ++gen.current;
    if (k === null) {
      setState({ key: k, loading: false });
      return;
    }
    setState((s) => ({ key: k, data: keepData && s.key === k ? s.data : undefined, error: undefined, loading: !(keepData && s.key === k && s.data !== undefined) }));
    loadRef.current().then(
      (data) => {
        if (mine === gen.current) setState({ key: k, data, loading: false });
      },
      (error: unknown) => {
        if (mine === gen.current) setState((s) => ({ key: k, data: s.key === k ? s.data : undefined, error, loading: false }));
      },
    );
  }, []);

  useEffect(() => run(key, false), [key, run]);

  const reload = useCallback(() => run(key, true), [key, run]);
  const update = useCallback((f: (current: T) => T) => setState((s) => (s.data === undefined ? s : { ...s, data: f(s.data) })), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: current ? state.loading : key !== null, reload, update };
}
