/** 11.4.5: out-of-scope namespaces reach the scope only through approved flows (segmentation.ts builds the matrix). */
import type { ClusterContext } from '../context';
import type { Evidence } from '../model';
import { msg } from '../messages';
import { segmentationRows } from '../segmentation';
import { needsNamespaces, notApplicable, verdict, type ClusterOutcome } from './outcome';

export function segmentation(ctx: ClusterContext): ClusterOutcome {
  const na = needsNamespaces(ctx);
  if (na) return na;
  const outside = segmentationRows(ctx).filter((r) => !r.inScope);
  if (outside.length === 0) return notApplicable(msg.nothingOutside());
  const evidence: Evidence[] = [];
  for (const r of outside) {
    for (const c of r.cells) {
      if (c.status === 'denied') continue;
      const pairs = c.flows.map((f) => `${f.text}: ${f.coverage.unapproved.isEmpty() ? f.connection.ports.toString() : `${f.coverage.unapproved.toString()} not approved`}`);
      evidence.push({ cluster: ctx.name, object: `${r.from} → ${c.to}`, detail: msg.segmentationCell(c.status, pairs), finding: c.status === 'open' });
    }
  }
  const tested = outside.length * ctx.inScopeNamespaces.length;
  return verdict(evidence, msg.segmentationPass(tested), (n) => msg.segmentationFail(n, tested));
}
