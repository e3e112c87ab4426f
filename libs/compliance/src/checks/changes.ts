/**
 * Change history of the period (PCI DSS 1.2.2, HIPAA 164.312(b) and 164.308(a)(1)(ii)(D)): each change to
 * an in-scope policy, namespace or cluster-wide admin policy, with who and when. Not applicable without a
 * history (a report from manifests).
 */
import type { ClusterContext } from '../context';
import type { Evidence, PolicyChange } from '../model';
import { msg } from '../messages';
import { needsNamespaces, notApplicable, verdict, type ClusterOutcome } from './outcome';

/** A change nobody can be held to: no author recorded. */
export function unattributed(c: PolicyChange): boolean {
  const who = c.who.trim().toLowerCase();
  return who === '' || who === 'unknown';
}

export function changeObject(c: PolicyChange): string {
  return `${c.kind} ${c.namespace && c.kind !== 'Namespace' ? `${c.namespace}/` : ''}${c.name}`;
}

function changePolicy(c: PolicyChange): string | undefined {
  if (c.kind === 'Namespace') return undefined;
  return c.namespace ? `${c.namespace}/${c.name}` : `${c.kind} ${c.name}`;
}

/**
 * `review`: which changes are findings. `control` (1.2.2, audit controls): no recorded author, or new
 * exposures. `exposures` (activity review): only those that opened new exposures.
 */
export function changeHistory(ctx: ClusterContext, review: 'control' | 'exposures'): ClusterOutcome {
  const na = needsNamespaces(ctx);
  if (na) return na;
  if (ctx.changes === null) return notApplicable(msg.noHistory());
  const evidence: Evidence[] = ctx.changes.map((c) => {
    const anon = unattributed(c);
    const finding = c.impact.newExposures > 0 || (review === 'control' && anon);
    const policy = changePolicy(c);
    return { cluster: ctx.name, object: changeObject(c), detail: msg.changeDetail(c, anon), ...(policy ? { policy } : {}), finding };
  });
  const anon = ctx.changes.filter(unattributed).length;
  const exposing = ctx.changes.filter((c) => c.impact.newExposures > 0).length;
  const pass = review === 'control' ? msg.changesPass(ctx.changes.length) : msg.changesNoExposure(ctx.changes.length);
  return verdict(evidence, pass, () => msg.changesFail(review === 'control' ? anon : 0, exposing));
}
