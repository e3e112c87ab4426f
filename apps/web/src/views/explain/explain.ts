/**
 * Turning the engine's explanation text into links. The words are libs/policy-engine explain.ts's own;
 * this only recognises where they name a policy, so each mention can open that policy's audit trail.
 */
export interface PolicyRef {
  kind: 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  namespace: string;
  name: string;
}

export type Segment = { text: string; policy?: PolicyRef };

const NAME = '[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?';
const NS_NAME = `${NAME}/${NAME}`;

/** Every policy mention in one explanation line, as text segments (concatenated: the line unchanged). */
export function linkifyLine(line: string): Segment[] {
  const hits: { start: number; end: number; policy: PolicyRef }[] = [];
  // "NetworkPolicy ns/a, ns/b" — one or several namespaced names after the word.
  for (const m of line.matchAll(new RegExp(`(?<![A-Za-z])NetworkPolicy ((?:${NS_NAME})(?:, ${NS_NAME})*)`, 'g'))) {
    let at = m.index! + m[0].indexOf(m[1]);
    for (const part of m[1].split(', ')) {
      const [namespace, name] = part.split('/');
      hits.push({ start: at, end: at + part.length, policy: { kind: 'NetworkPolicy', namespace, name } });
      at += part.length + 2;
    }
  }
  // "  - ns/name ingress rule #1: …" — the per-rule lines under a denial name the policy first.
  const rule = new RegExp(`^(\\s+- )(${NS_NAME}) (?:ingress|egress|has no)`).exec(line);
  if (rule) {
    const [namespace, name] = rule[2].split('/');
    hits.push({ start: rule[1].length, end: rule[1].length + rule[2].length, policy: { kind: 'NetworkPolicy', namespace, name } });
  }
  // "AdminNetworkPolicy 'name'" / "BaselineAdminNetworkPolicy 'name'" — cluster-scoped.
  for (const m of line.matchAll(new RegExp(`(BaselineAdminNetworkPolicy|AdminNetworkPolicy) '(${NAME})'`, 'g'))) {
    const start = m.index! + m[1].length + 2;
    hits.push({ start, end: start + m[2].length, policy: { kind: m[1] as PolicyRef['kind'], namespace: '', name: m[2] } });
  }
  hits.sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let pos = 0;
  for (const h of hits) {
    if (h.start < pos) continue; // overlapping mention (the same name found twice): keep the first
    if (h.start > pos) out.push({ text: line.slice(pos, h.start) });
    out.push({ text: line.slice(h.start, h.end), policy: h.policy });
    pos = h.end;
  }
  if (pos < line.length) out.push({ text: line.slice(pos) });
  return out;
}

/** Every distinct policy an explanation names, sorted (the "policies involved" list). */
export function policiesIn(lines: readonly string[]): PolicyRef[] {
  const seen = new Map<string, PolicyRef>();
  for (const l of lines) for (const s of linkifyLine(l)) if (s.policy) seen.set(`${s.policy.kind}|${s.policy.namespace}|${s.policy.name}`, s.policy);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

/** Whether the three fields are complete enough to ask the API (it validates the details itself). */
export function readyToExplain(from: string | undefined, to: string | undefined, port: string | undefined): boolean {
  const end = (s: string | undefined) => !!s && !s.endsWith('/') && s.trim().length > 0;
  return end(from) && end(to) && /^(?:(?:TCP|UDP|SCTP)\/)?\d{1,5}$/i.test((port ?? '').trim());
}

/** "80" → "TCP/80", "udp/53" → "UDP/53": the form the API and the URL use. */
export function normalisePort(port: string): string {
  const m = /^(?:([A-Za-z]+)\/)?(\d{1,5})$/.exec(port.trim());
  return m ? `${(m[1] ?? 'TCP').toUpperCase()}/${m[2]}` : port.trim();
}
