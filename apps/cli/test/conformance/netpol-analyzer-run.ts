/**
 * One netpol-analyzer case: load `<case>/input` with loadManifests (the user's path), analyze with the naive
 * and the fast engines (ENGINE_PATHS) under the `generic` profile (USING.md), and compare each with the expected
 * answer the case has: the parsed connlist/exposure files, or — for the 4 explain-only cases — the explain
 * outputs, which list every pair (checked against the connlist where a case has both; see the unit spec).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadManifests } from '@reachwatch/k8s';
import { AnalysisResult, ClusterState, ObjectChange, ReachabilityEngine, analyze, emptyClusterState, naiveAnalyze } from '@reachwatch/policy-engine';
import { ConnMap, Mismatch, compareConnMaps, mismatchText, workloadKey } from './connmap';
import { NpaCase, explainToConnMap, readExplainTxt, readParsedJson, resultToConnMap } from './netpol-analyzer-reader';

export interface ExpectedAnswer {
  /** e.g. `connlist (anp_demo_connlist_output.parsed.json)`. */
  label: string;
  map: ConnMap;
}

export function expectedAnswers(c: NpaCase): ExpectedAnswer[] {
  const out: ExpectedAnswer[] = [];
  for (const [analysis, e] of Object.entries(c.meta.expected)) {
    if (e?.parsed) out.push({ label: `${analysis} (${path.basename(e.parsed)})`, map: readParsedJson(path.join(c.dir, e.parsed)) });
  }
  if (out.length) return out;
  for (const [analysis, e] of Object.entries(c.meta.expected)) {
    if (e && analysis.startsWith('explain')) {
      const pairs = readExplainTxt(fs.readFileSync(path.join(c.dir, e.file), 'utf8'));
      out.push({ label: `${analysis} (${path.basename(e.file)}, Allowed/Denied per pair)`, map: explainToConnMap(pairs) });
    }
  }
  if (!out.length) throw new Error(`${c.id}: no comparable expected output`);
  return out;
}

/**
 * The four ways we compute an answer; all must give the same differences from the corpus:
 * - `naive`: naiveAnalyze, the reference;
 * - `analyze`: the product's entry point;
 * - `engine`: ReachabilityEngine.load(state) then analysis();
 * - `incremental`: ReachabilityEngine.load(empty) then every object as an upsert event, policies first
 *   (so every selector cache must follow pods and namespaces arriving later), then analysis().
 */
export const ENGINE_PATHS = ['naive', 'analyze', 'engine', 'incremental'] as const;
export type EnginePath = (typeof ENGINE_PATHS)[number];

export interface NpaRun {
  /** Differences from the corpus per engine path (compared against the first expected answer). */
  mismatches: Record<EnginePath, Mismatch[]>;
  /** Hard problems that no deviation can excuse: expected answers disagreeing, engines disagreeing, crashes. */
  errors: string[];
  diagnostics: string[];
  /** Workloads (`ns/name[Kind]`) all of whose pods are host-network pods. */
  hostNetworkWorkloads: Set<string>;
}

/** Every object of a state as upsert events: policies first, then namespaces, nodes, services, pods. */
export function upsertEvents(state: ClusterState): ObjectChange[] {
  return [
    ...state.networkPolicies.map((object): ObjectChange => ({ type: 'upsert', kind: 'NetworkPolicy', object })),
    ...state.adminNetworkPolicies.map((object): ObjectChange => ({ type: 'upsert', kind: 'AdminNetworkPolicy', object })),
    ...(state.baselineAdminNetworkPolicy ? [{ type: 'upsert', kind: 'BaselineAdminNetworkPolicy', object: state.baselineAdminNetworkPolicy } as ObjectChange] : []),
    ...state.namespaces.map((object): ObjectChange => ({ type: 'upsert', kind: 'Namespace', object })),
    ...state.nodes.map((object): ObjectChange => ({ type: 'upsert', kind: 'Node', object })),
    ...state.services.map((object): ObjectChange => ({ type: 'upsert', kind: 'Service', object })),
    ...state.pods.map((object): ObjectChange => ({ type: 'upsert', kind: 'Pod', object })),
  ];
}

function analysisBy(path: EnginePath, state: ClusterState): AnalysisResult {
  const opts = { cni: 'generic' as const };
  switch (path) {
    case 'naive':
      return naiveAnalyze(state, opts);
    case 'analyze':
      return analyze(state, opts);
    case 'engine': {
      const e = new ReachabilityEngine(opts);
      e.load(state);
      return e.analysis();
    }
    case 'incremental': {
      const e = new ReachabilityEngine(opts);
      e.load(emptyClusterState());
      for (const ch of upsertEvents(state)) e.apply(ch);
      return e.analysis();
    }
  }
}

export function runNpaCase(c: NpaCase): NpaRun {
  const errors: string[] = [];
  const expected = expectedAnswers(c);
  for (const other of expected.slice(1)) {
    const d = compareConnMaps(expected[0].map, other.map);
    if (d.length) errors.push(`corpus: ${expected[0].label} and ${other.label} disagree: ${d.slice(0, 5).map(mismatchText).join('; ')}`);
  }
  // netpol-analyzer keeps Succeeded/Failed pods (live-cluster PodLists in acs-*, onlineboutique*), so the
  // corpus answers include them; the loader skips them by default (they take no traffic).
  const loaded = loadManifests([c.inputDir], { includeTerminatedPods: true });
  const diagnostics = loaded.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
  const mismatches = {} as Record<EnginePath, Mismatch[]>;
  for (const p of ENGINE_PATHS) {
    try {
      mismatches[p] = compareConnMaps(expected[0].map, resultToConnMap(analysisBy(p, loaded.state)));
    } catch (e) {
      errors.push(`${p} threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      mismatches[p] = [];
    }
  }
  const key = (ms: Mismatch[]) => ms.map(mismatchText).join('\n');
  for (const p of ENGINE_PATHS.slice(1)) {
    if (key(mismatches[p]) !== key(mismatches.naive)) {
      const only = mismatches[p].filter((m) => !mismatches.naive.some((n) => mismatchText(n) === mismatchText(m)));
      const missing = mismatches.naive.filter((n) => !mismatches[p].some((m) => mismatchText(n) === mismatchText(m)));
      errors.push(
        `${p} disagrees with naive: ${[...only.slice(0, 5).map((m) => `${p} only: ${mismatchText(m)}`), ...missing.slice(0, 5).map((m) => `naive only: ${mismatchText(m)}`)].join('; ')}`,
      );
    }
  }
  const hn = new Map<string, boolean>();
  for (const p of loaded.state.pods) {
    const k = workloadKey(p.namespace, p.workload.name, p.workload.kind);
    hn.set(k, (hn.get(k) ?? true) && p.hostNetwork);
  }
  const hostNetworkWorkloads = new Set([...hn].filter(([, v]) => v).map(([k]) => k));
  return { mismatches, errors, diagnostics, hostNetworkWorkloads };
}

export function describeRun(r: NpaRun, limit = 25): string {
  const lines: string[] = [];
  for (const e of r.errors) lines.push(`ERROR ${e}`);
  const same = (a: Mismatch[], b: Mismatch[]) => a.map(mismatchText).join('\n') === b.map(mismatchText).join('\n');
  for (const engine of ENGINE_PATHS) {
    const ms = r.mismatches[engine];
    if (!ms.length) continue;
    if (engine !== 'naive' && same(ms, r.mismatches.naive)) {
      lines.push(`${engine}: the same ${ms.length} difference(s) as naive`);
      continue;
    }
    lines.push(`${engine}: ${ms.length} difference(s) from the corpus:`);
    for (const m of ms.slice(0, limit)) lines.push(`  ${mismatchText(m)}`);
    if (ms.length > limit) lines.push(`  … ${ms.length - limit} more`);
  }
  if (r.diagnostics.length) lines.push(`loader diagnostics: ${r.diagnostics.slice(0, 10).join(' | ')}${r.diagnostics.length > 10 ? ' …' : ''}`);
  return lines.join('\n');
}
