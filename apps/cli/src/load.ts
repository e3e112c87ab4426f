/**
 * Loading the user's manifests: checks that every path exists (a typo must not silently analyse less),
 * calls libs/k8s with a progress bar, and prints its diagnostics on stderr.
 */
import * as fs from 'node:fs';
import { loadManifests, type Diagnostic } from '@reachwatch/k8s';
import type { ClusterState } from '@reachwatch/policy-engine';
import { displayPath, resolvePath } from './args';
import { usageError } from './errors';
import type { Io } from './io';
import { msg } from './messages';
import type { Progress } from './progress';

export interface Loaded {
  state: ClusterState;
  diagnostics: Diagnostic[];
  /** Some diagnostic has severity `error`: the analysis is incomplete (exit code 1). */
  hadErrors: boolean;
}

export function loadInputs(io: Io, paths: string[], progress: Progress): Loaded {
  const resolved = paths.map((p) => resolvePath(io.cwd, p));
  resolved.forEach((p, i) => {
    if (!fs.existsSync(p)) throw usageError(msg.pathMissing(paths[i]));
  });
  let loaded: ReturnType<typeof loadManifests>;
  try {
    loaded = loadManifests(resolved, { onProgress: (done, total) => progress.files(done, total) });
  } finally {
    progress.clear();
  }
  for (const d of loaded.diagnostics) io.stderr.write(diagnosticText(io.cwd, d) + '\n');
  if (loaded.files.length === 0) throw usageError(msg.noManifests(paths));
  return {
    state: loaded.state,
    diagnostics: loaded.diagnostics,
    hadErrors: loaded.diagnostics.some((d) => d.severity === 'error'),
  };
}

/**
 * `error: k8s/bad.yaml, document 2: NetworkPolicy shop/web: … [code]` — the path relative to the caller's
 * cwd, documents counted from 1. libs/k8s gives `detail` (the text without its location) so the CLI can
 * place the location itself; without it, its `message` already starts with the location.
 */
export function diagnosticText(cwd: string, d: Diagnostic): string {
  if (d.detail === undefined || d.file === undefined) return `${d.severity}: ${d.message} [${d.code}]`;
  const where = displayPath(cwd, d.file) + (d.documentIndex !== undefined ? `, document ${d.documentIndex + 1}` : '');
  return `${d.severity}: ${where}: ${d.detail} [${d.code}]`;
}
