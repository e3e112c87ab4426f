import { GRAPH_MSG } from './messages';
import type { RenderEdge, RenderGraph, RenderNode } from './model';
import { portLabel, portText } from './ports';

/**
 * Words for what the canvas draws: the lines of text on a node, the label on a line, and the full
 * sentences screen readers and tooltips get (colour and shape are never the only signal).
 */
export function nodeLines(n: RenderNode): string[] {
  if (n.kind === 'more') return [GRAPH_MSG.moreCount(n.members?.length ?? 0), GRAPH_MSG.moreOf(n.id)];
  const lines = [n.label];
  if (n.kind === 'namespace' && n.pods !== undefined) lines.push(GRAPH_MSG.pods(n.pods));
  if (n.internal.added || n.internal.removed) {
    lines.push([n.internal.added ? GRAPH_MSG.internalAdded(n.internal.added) : '', n.internal.removed ? GRAPH_MSG.internalRemoved(n.internal.removed) : ''].filter(Boolean).join(' '));
  }
  return lines;
}

export function nodeAriaLabel(n: RenderNode): string {
  const parts = [`${n.label}, ${GRAPH_MSG.kind[n.kind]}`];
  if (n.pods !== undefined) parts.push(GRAPH_MSG.pods(n.pods));
  if (n.score !== undefined) parts.push(GRAPH_MSG.score(n.score));
  if (n.exposedToInternet) parts.push(GRAPH_MSG.exposedToInternet);
  if (n.internal.pairs) parts.push(GRAPH_MSG.internalPairs(n.internal.pairs));
  if (n.internal.added) parts.push(GRAPH_MSG.internalAdded(n.internal.added));
  if (n.internal.removed) parts.push(GRAPH_MSG.internalRemoved(n.internal.removed));
  if (n.openTo) parts.push(GRAPH_MSG.openTo(n.openTo.sources, n.openTo.namespaces, n.openTo.ranges));
  return parts.join('; ');
}

/** On the line: its ports, shortened; ×N when it stands for several pairs; +/− for what-if. */
export function edgeLabel(e: RenderEdge): string {
  const sign = e.overlay === 'added' ? '+ ' : e.overlay === 'removed' ? '− ' : '';
  return `${sign}${portLabel(e.ports)}${e.pairs > 1 ? ` ×${e.pairs.toLocaleString('en-US')}` : ''}`;
}

export function edgeAriaLabel(g: RenderGraph, e: RenderEdge): string {
  const name = (id: string) => g.nodes.find((n) => n.id === id)?.label ?? id;
  const kind = e.kind === 'edge' ? '' : ` (${GRAPH_MSG.edgeKind[e.kind]})`;
  const overlay = e.overlay ? ` — ${GRAPH_MSG[e.overlay]}` : '';
  const who = e.kind === 'fanin' ? `, ${GRAPH_MSG.sources(e.pairs)}` : '';
  return `${GRAPH_MSG.edgeAria(name(e.src), name(e.dst), portText(e.ports), e.kind === 'fanin' ? 1 : e.pairs)}${who}${kind}${overlay}`;
}

/** A line in a node's list: the other end; with both ends when it is a member's line (a hull's workload). */
export function lineListLabel(g: RenderGraph, e: RenderEdge, self: string, outbound: boolean): string {
  const name = (id: string) => g.nodes.find((n) => n.id === id)?.label ?? id;
  if (outbound) return e.src === self ? `→ ${name(e.dst)}` : `${name(e.src)} → ${name(e.dst)}`;
  return e.dst === self ? `${name(e.src)} →` : `${name(e.src)} → ${name(e.dst)}`;
}
