/**
 * The object-level operations scenarios, scripts and tests use (create-or-update, delete, scale, relabel),
 * on top of ClusterApi so they produce the same events and managedFields as API requests.
 */
import type { ClusterApi } from './api';
import { withMembers } from './copy';
import { expandWorkload, SourcedObject } from './scenario';
import type { KObj } from './store';

export const SIM_MANAGER = 'reachwatch-sim';

export class Operations {
  constructor(private readonly api: ClusterApi, private readonly nodeNames: () => string[], private readonly suffix: () => string) {}

  /** Creates the object, or replaces its content when it exists (unconditionally, like `kubectl replace`). */
  upsert(obj: KObj, manager = SIM_MANAGER, keepStatus = false): KObj[] {
    if (obj.kind === 'StatefulSet' || obj.kind === 'DaemonSet') {
      return expandWorkload(obj, this.nodeNames(), this.suffix).flatMap((p) => this.upsert(p, manager, keepStatus));
    }
    const rt = this.api.type(String(obj.kind));
    const ns = rt.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
    const name = String(obj.metadata?.name ?? '');
    const current = this.api.find(rt, ns, name);
    if (!current) return [this.api.create(rt, ns, obj, { manager, keepStatus })];
    const body = withMembers(obj, { metadata: withMembers(obj.metadata, { resourceVersion: undefined }) });
    if (rt.kind === 'Namespace') body.metadata.labels = withMembers(current.metadata.labels ?? {}, obj.metadata?.labels ?? {});
    return [this.api.update(rt, ns, name, body, { manager })];
  }

  /** Loads objects in order; an error names the file and document it came from. */
  load(objects: SourcedObject[], manager = SIM_MANAGER): void {
    for (const o of objects) {
      try {
        this.upsert(o.object, manager, true);
      } catch (e) {
        throw new Error(`${o.where}: ${(e as Error).message}`);
      }
    }
  }

  remove(kind: string, namespace: string | undefined, name: string, manager = SIM_MANAGER): KObj {
    return this.api.delete(this.api.type(kind), namespace, name, { manager });
  }

  scale(namespace: string, name: string, replicas: number, manager = SIM_MANAGER): KObj {
    const rt = this.api.type('Deployment');
    const d = this.api.get(rt, namespace, name);
    return this.api.update(rt, namespace, name, { ...d, spec: { ...d.spec, replicas } }, { manager });
  }

  /** Merge-patches metadata.labels (a null value removes the label), as `kubectl label` does. */
  label(kind: string, namespace: string | undefined, name: string, labels: Record<string, string | null>, manager = SIM_MANAGER): KObj {
    const rt = this.api.type(kind);
    return this.api.patch(rt, namespace, name, 'application/merge-patch+json', { metadata: { labels } }, { manager });
  }
}
