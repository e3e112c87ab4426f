/**
 * The controllers the simulator runs in place of kube-controller-manager: Deployment → ReplicaSet → Pods
 * (names `<deploy>-<hash>` and `<deploy>-<hash>-<rand5>`, labels from the template plus
 * pod-template-hash, owner references, one ReplicaSet per template, a changed template replaces every pod
 * at once as the Recreate strategy does), replacement of a deleted pod, garbage collection of a deleted
 * Deployment's ReplicaSets and pods, and release of a deleted pod's IP.
 */
import type { Change, ClusterApi } from './api';
import type { Ids } from './ids';
import { templateHash } from './ids';
import type { Ipam } from './ipam';
import type { KObj } from './store';

export const CONTROLLER_MANAGER = 'kube-controller-manager';
const OP = { manager: CONTROLLER_MANAGER };

function ownerRef(o: KObj): KObj {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function ownedBy(o: KObj, owner: KObj): boolean {
  return (o.metadata.ownerReferences ?? []).some((r: KObj) => r.uid === owner.metadata.uid);
}

export class DeploymentController {
  /** Deployments being reconciled: their own pod deletions must not trigger another pass. */
  private readonly busy = new Set<string>();

  constructor(private readonly api: ClusterApi, private readonly ids: Ids, private readonly ipam: Ipam) {
    api.onChange((c) => this.handle(c));
  }

  private handle(c: Change): void {
    const kind = c.rt.kind;
    if (kind === 'Deployment') {
      if (c.type === 'DELETED') this.collect(c.obj);
      else if (!this.busy.has(this.key(c.obj))) this.reconcile(c.obj);
    } else if (kind === 'Pod' && c.type === 'DELETED') {
      if (!c.obj.spec?.hostNetwork) for (const p of c.obj.status?.podIPs ?? []) this.ipam.release(p.ip);
      const deploy = this.deploymentOfPod(c.obj);
      if (deploy && !this.busy.has(this.key(deploy))) this.reconcile(deploy);
    }
  }

  private key(o: KObj): string {
    return `${o.metadata.namespace}/${o.metadata.name}`;
  }

  private deploymentOfPod(pod: KObj): KObj | undefined {
    const rsRef = (pod.metadata.ownerReferences ?? []).find((r: KObj) => r.kind === 'ReplicaSet');
    if (!rsRef) return undefined;
    const rs = this.api.find(this.api.type('ReplicaSet'), pod.metadata.namespace, rsRef.name);
    const dRef = (rs?.metadata.ownerReferences ?? []).find((r: KObj) => r.kind === 'Deployment');
    if (!dRef) return undefined;
    const d = this.api.find(this.api.type('Deployment'), pod.metadata.namespace, dRef.name);
    return d && d.metadata.uid === dRef.uid ? d : undefined;
  }

  private podsOf(rs: KObj): KObj[] {
    const podType = this.api.type('Pod');
    return this.api.store
      .list(podType.kind, rs.metadata.namespace)
      .map((e) => e.obj)
      .filter((p) => ownedBy(p, rs));
  }

  private replicaSetsOf(d: KObj): KObj[] {
    return this.api.store
      .list('ReplicaSet', d.metadata.namespace)
      .map((e) => e.obj)
      .filter((rs) => ownedBy(rs, d));
  }

  reconcile(deployInput: KObj): void {
    const k = this.key(deployInput);
    this.busy.add(k);
    try {
      this.reconcileLocked(deployInput);
    } finally {
      this.busy.delete(k);
    }
  }

  /** Runs with `busy` holding the deployment. */
  private reconcileLocked(deploy: KObj): void {
    const ns = deploy.metadata.namespace;
    const rsType = this.api.type('ReplicaSet');
    const podType = this.api.type('Pod');
    const template = deploy.spec.template ?? {};
    const hash = templateHash(template);
    const rsName = `${deploy.metadata.name}-${hash}`;
    const replicas = deploy.spec.replicas ?? 1;
    for (const old of this.replicaSetsOf(deploy)) {
      if (old.metadata.name === rsName) continue;
      for (const p of this.podsOf(old)) this.api.delete(podType, ns, p.metadata.name, OP);
      this.api.delete(rsType, ns, old.metadata.name, OP);
    }
    const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
    let rs = this.api.find(rsType, ns, rsName);
    const rsSpec = {
      replicas,
      selector: { matchLabels: { ...(deploy.spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    };
    if (!rs) {
      rs = this.api.create(rsType, ns, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rsName, namespace: ns, labels, ownerReferences: [ownerRef(deploy)] }, spec: rsSpec }, OP);
    } else if (rs.spec.replicas !== replicas) {
      rs = this.api.update(rsType, ns, rsName, { ...rs, spec: rsSpec }, OP);
    }
    const pods = this.podsOf(rs).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const extra of pods.slice(replicas).reverse()) this.api.delete(podType, ns, extra.metadata.name, OP);
    for (let i = pods.length; i < replicas; i++) {
      let name = `${rsName}-${this.ids.suffix(5)}`;
      while (this.api.find(podType, ns, name)) name = `${rsName}-${this.ids.suffix(5)}`;
      this.api.create(
        podType,
        ns,
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { ...(template.metadata ?? {}), name, namespace: ns, labels, ownerReferences: [ownerRef(rs)] },
          spec: template.spec ?? {},
        },
        OP,
      );
    }
    const n = replicas;
    this.api.updateStatus(rsType, ns, rsName, { replicas: n, readyReplicas: n, availableReplicas: n, fullyLabeledReplicas: n, observedGeneration: rs.metadata.generation });
    const fresh = this.api.find(this.api.type('Deployment'), ns, deploy.metadata.name);
    if (fresh) {
      this.api.updateStatus(this.api.type('Deployment'), ns, deploy.metadata.name, {
        observedGeneration: fresh.metadata.generation,
        replicas: n,
        updatedReplicas: n,
        readyReplicas: n,
        availableReplicas: n,
        conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }],
      });
    }
  }

  /** The garbage collector's part: a deleted Deployment's ReplicaSets and their pods go too. */
  private collect(deploy: KObj): void {
    const ns = deploy.metadata.namespace;
    const k = this.key(deploy);
    this.busy.add(k);
    try {
      for (const rs of this.replicaSetsOf(deploy)) {
        for (const p of this.podsOf(rs)) if (this.api.find(this.api.type('Pod'), ns, p.metadata.name)) this.api.delete(this.api.type('Pod'), ns, p.metadata.name, OP);
        if (this.api.find(this.api.type('ReplicaSet'), ns, rs.metadata.name)) this.api.delete(this.api.type('ReplicaSet'), ns, rs.metadata.name, OP);
      }
    } finally {
      this.busy.delete(k);
    }
  }
}
