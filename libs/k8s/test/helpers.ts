import * as path from 'node:path';
import { expect } from 'vitest';
import { parseManifests, type Diagnostic, type LoadResult } from '../src';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** Loads one YAML text as `test.yaml`. */
export function load(yaml: string, opts?: { includeTerminatedPods?: boolean }): LoadResult {
  return parseManifests(yaml, 'test.yaml', opts);
}

export function errors(r: LoadResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}

export function warnings(r: LoadResult, code?: string): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'warning' && (code === undefined || d.code === code));
}

/** The single diagnostic of the load, which must have this severity and code. */
export function only(r: LoadResult, severity: Diagnostic['severity'], code: string): Diagnostic {
  expect(r.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`)).toHaveLength(1);
  const d = r.diagnostics[0];
  expect(d.severity).toBe(severity);
  expect(d.code).toBe(code);
  return d;
}

export function clean(r: LoadResult): LoadResult {
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  return r;
}

/** A NetworkPolicy in `default` with the given spec body (YAML, indented by 2). */
export function np(spec: string, name = 'p'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n${spec}`;
}
