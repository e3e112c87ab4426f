import { useCallback, useEffect, useRef, useState } from 'react';
import { api, clusterPath, type QueryValue } from '../../api/http';
import type { AuditEntry, AuditPage, PostureAt } from '../../api/types';
import { useLive } from '../../live';
import { mergeEntries } from './audit';

export interface AuditFilters {
  namespace?: string;
  kind?: string;
  since?: string;
  until?: string;
  at?: string;
}

export interface AuditState {
  entries: AuditEntry[];
  next: string | null;
  postureAt?: PostureAt;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  /** Entries that arrived through the live feed since the page was opened. */
  liveCount: number;
}

const PAGE = 100;

/**
 * The audit pages for the filters, newest first; "older" appends the next page; `policy.changed`
 * re-reads the first page and merges it in (the event carries summaries, not the diffs).
 */
export function useAudit(cluster: string, f: AuditFilters) {
  const [s, setS] = useState<AuditState>({ entries: [], next: null, loading: true, loadingMore: false, error: undefined, liveCount: 0 });
  const gen = useRef(0);
  const query = useCallback(
    (cursor?: string): Record<string, QueryValue> => ({ namespace: f.namespace, kind: f.kind, since: f.since, until: f.until, at: f.at, limit: PAGE, cursor }),
    [f.namespace, f.kind, f.since, f.until, f.at],
  );
  const path = `${clusterPath(cluster)}/audit`;

  const first = useCallback(
    (live: boolean) => {
      const mine = ++gen.current;
      if (!live) setS({ entries: [], next: null, loading: true, loadingMore: false, error: undefined, liveCount: 0 });
      api.get<AuditPage>(path, query()).then(
        (page) => {
          if (mine !== gen.current) return;
          setS((old) => {
            const entries = live ? mergeEntries(old.entries, page.items) : page.items;
            const added = live ? entries.length - old.entries.length : 0;
            return { ...old, entries, next: live ? old.next ?? page.nextCursor : page.nextCursor, postureAt: page.postureAt, loading: false, error: undefined, liveCount: old.liveCount + added };
          });
        },
        (error: unknown) => {
          if (mine === gen.current) setS((old) => ({ ...old, loading: false, error }));
        },
      );
    },
    [path, query],
  );

  useEffect(() => first(false), [first]);

  const more = useCallback(() => {
    if (!s.next) return;
    const mine = gen.current;
    setS((old) => ({ ...old, loadingMore: true }));
    api.get<AuditPage>(path, query(s.next)).then(
      (page) => {
        if (mine === gen.current) setS((old) => ({ ...old, entries: mergeEntries(old.entries, page.items), next: page.nextCursor, loadingMore: false }));
      },
      (error: unknown) => {
        if (mine === gen.current) setS((old) => ({ ...old, loadingMore: false, error }));
      },
    );
  }, [s.next, path, query]);

  useLive(cluster, (m) => {
    if (m.type === 'policy.changed' || (m.type === 'subscribed' && m.again) || m.type === 'resync') first(true);
  });

  return { ...s, more, reload: () => first(false) };
}
