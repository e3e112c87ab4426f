import { useCallback, useEffect, useRef, useState } from 'react';
import { clusterPath } from '../../api/http';
import { getPrefetched } from '../../app/prefetch';
import type { NamespacePosture, NamespacesPage } from '../../api/types';
import { useLive } from '../../live';
import { applyPostureUpdated, beginRead, EMPTY_GRID, expireChanged, mergeRest, type GridState } from './grid';

/** How long a namespace changed by a live event stays highlighted. */
export const HIGHLIGHT_MS = 2500;

/**
 * Every page of GET …/namespaces (500 a page: a 1,400-namespace cluster is three requests, one after the
 * other since each continues the last). `onPage` sees the rows so far after each page.
 */
export async function loadAllNamespaces(cluster: string, onPage?: (rows: readonly NamespacePosture[]) => void): Promise<{ rows: NamespacePosture[]; scoreFormula: string }> {
  const rows: NamespacePosture[] = [];
  let cursor: string | undefined;
  let scoreFormula = '';
  do {
    const query = { sort: 'namespace', limit: 500, ...(cursor ? { cursor } : {}) };
    const page = await getPrefetched<NamespacesPage>(`${clusterPath(cluster)}/namespaces`, query);
    rows.push(...page.items);
    scoreFormula = page.scoreFormula;
    cursor = page.nextCursor ?? undefined;
    if (cursor) onPage?.(rows);
  } while (cursor);
  return { rows, scoreFormula };
}

export interface Grid {
  state: GridState;
  loading: boolean;
  /** The first read is still bringing pages (what is shown is a prefix by name, not every namespace). */
  partial: boolean;
  error: unknown;
  scoreFormula: string;
  /** When the last live change arrived (ms), for "updated … ago". */
  lastLive: number | null;
  reload(): void;
}

/** The namespace posture of one cluster: read through REST, then kept current by `posture.updated`. */
export function useNamespaceGrid(cluster: string): Grid {
  const [state, setState] = useState<GridState>(EMPTY_GRID);
  const [status, setStatus] = useState<{ loading: boolean; partial: boolean; error: unknown; scoreFormula: string }>({ loading: true, partial: false, error: undefined, scoreFormula: '' });
  const [lastLive, setLastLive] = useState<number | null>(null);
  const gen = useRef(0);
  const firstRead = useRef(true);

  const read = useCallback(() => {
    const mine = ++gen.current;
    setState(beginRead);
    setStatus((s) => ({ ...s, error: undefined }));
    // The first read shows each page as it lands (a 50k-pod cluster is usable after its first page); a
    // re-read keeps what is shown until it has everything, so no namespace blinks out meanwhile.
    const progressive = (rows: readonly NamespacePosture[]) => {
      if (mine !== gen.current) return;
      setState((s) => mergeRest(s, rows));
      setStatus((s) => ({ ...s, loading: false, partial: true }));
    };
    loadAllNamespaces(cluster, firstRead.current ? progressive : undefined).then(
      ({ rows, scoreFormula }) => {
        if (mine !== gen.current) return;
        firstRead.current = false;
        setState((s) => mergeRest(s, rows));
        setStatus({ loading: false, partial: false, error: undefined, scoreFormula });
      },
      (error: unknown) => {
        if (mine === gen.current) setStatus((s) => ({ ...s, loading: false, error }));
      },
    );
  }, [cluster]);
  useEffect(read, [read]);

  useLive(cluster, (m) => {
    if (m.type === 'posture.updated') {
      const now = Date.now();
      setState((s) => applyPostureUpdated(s, m.data, now));
      setLastLive(now);
    } else if ((m.type === 'subscribed' && m.again) || m.type === 'resync') {
      // Events may have been missed while disconnected: read everything again (the rows stay shown meanwhile).
      read();
    }
  });

  useEffect(() => {
    if (state.changed.size === 0) return;
    const t = setTimeout(() => setState((s) => expireChanged(s, Date.now(), HIGHLIGHT_MS)), HIGHLIGHT_MS);
    return () => clearTimeout(t);
  }, [state.changed]);

  return { state, loading: status.loading, partial: status.partial, error: status.error, scoreFormula: status.scoreFormula, lastLive, reload: read };
}
