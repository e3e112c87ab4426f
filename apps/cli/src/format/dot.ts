import type { Endpoint } from '@reachwatch/policy-engine';
import type { Formatter } from './common';
import { endpointText, profileLine, sortConnections } from './common';

/** A DOT double-quoted string: backslashes and quotes escaped, newlines as the `\n` escape. */
export function dotString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n') + '"';
}

function nodeLabel(e: Endpoint): string {
  if (e.type === 'workload') return `${e.name}\n${e.kind}`;
  return e.except.length ? `${e.cidr}\nexcept ${e.except.join(', ')}` : e.cidr;
}

/**
 * A Graphviz digraph: one cluster per namespace holding its workloads, external ranges as separate
 * (dashed) nodes, one edge per pair labelled with its ports. Node ids are the endpoints' text form.
 */
export const formatDot: Formatter = (result, opts = {}) => {
  const cs = sortConnections(result.connections);
  const byNs = new Map<string, Map<string, Endpoint>>();
  const externals = new Map<string, Endpoint>();
  for (const c of cs) {
    for (const e of [c.src, c.dst]) {
      const id = endpointText(e);
      if (e.type === 'external') externals.set(id, e);
      else {
        const ns = byNs.get(e.namespace) ?? new Map<string, Endpoint>();
        ns.set(id, e);
        byNs.set(e.namespace, ns);
      }
    }
  }
  const out = ['digraph reachwatch {', '  rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  const profile = profileLine(result.profile, cs, opts);
  if (profile) out.push(`  label=${dotString(profile)};`, '  labelloc=t;');
  for (const ns of [...byNs.keys()].sort()) {
    out.push(`  subgraph ${dotString(`cluster_${ns}`)} {`, `    label=${dotString(ns)};`, '    style=dashed;');
    for (const [id, e] of [...byNs.get(ns)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      out.push(`    ${dotString(id)} [label=${dotString(nodeLabel(e))}];`);
    }
    out.push('  }');
  }
  for (const [id, e] of [...externals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`  ${dotString(id)} [label=${dotString(nodeLabel(e))}, shape=ellipse, style=dashed];`);
  }
  for (const c of cs) {
    out.push(`  ${dotString(endpointText(c.src))} -> ${dotString(endpointText(c.dst))} [label=${dotString(c.ports.toString())}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
};
