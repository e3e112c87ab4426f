import { assemble, cmp } from './assemble';
import { Collector } from './collect';
import type { BuildOptions, Diagnostic, LoadResult } from './types';

/**
 * Already-parsed raw objects (a watch stream, API JSON, parsed manifests) → the engine model. Lists are
 * expanded; bad objects become diagnostics, never exceptions.
 */
export function buildClusterState(
  objects: { object: unknown; source?: string; documentIndex?: number }[],
  opts: BuildOptions = {},
): LoadResult {
  const collector = new Collector(opts);
  for (const o of objects) collector.add({ object: o.object, source: o.source, documentIndex: o.documentIndex });
  const files = [...new Set(objects.map((o) => o.source).filter((s): s is string => s !== undefined))].sort(cmp);
  return finish(collector, files);
}

export function finish(collector: Collector, files: string[], early: Diagnostic[] = []): LoadResult {
  const state = assemble(collector.finish(), collector);
  return { state, diagnostics: sortDiagnostics([...early, ...collector.diagnostics]), files };
}

/** Stable order: by file, then document; diagnostics without a place keep their order, at the end. */
function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => [d.file ?? '\uffff', d.documentIndex ?? Number.MAX_SAFE_INTEGER] as const;
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const [fa, da] = rank(a.d);
      const [fb, db] = rank(b.d);
      return cmp(fa, fb) || da - db || a.i - b.i;
    })
    .map((x) => x.d);
}
