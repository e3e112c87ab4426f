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
import { withMembers } from './copy';
import { sortSmall } from './sort';
import type { KObj } from './store';

export const CONTROLLER_MANAGER = 'kube-controller-manager';
const OP = { manager: CONTROLLER_MANAGER };

function ownerRef(o: KObj): KObj {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** What a Deployment's template gives its ReplicaSet and pods: the hash, the pods' labels, the RS selector and template. */
interface TemplateParts {
  /** The Deployment selector's matchLabels these were built with. */
  matchLabels: unknown;
  hash: string;
  labels: KObj;
  selector: KObj;
  template: KObj;
}

/**
 * Built once per template object (stored objects never change, and a scale keeps the template): every
 * reconcile of an unchanged Deployment gives its ReplicaSet the very same selector and template, which the
 * write then finds unchanged at a glance.
 */
const partsByTemplate = new WeakMap<object, TemplateParts>();
function templateParts(deploy: KObj): TemplateParts {
  const template = deploy.spec.template ?? {};
  const matchLabels = deploy.spec.selector?.matchLabels;
  const cached = partsByTemplate.get(template);
  if (cached && cached.matchLabels === matchLabels) return cached;
  const hash = templateHash(template);
  const labels = withMembers(template.metadata?.labels ?? {}, { 'pod-template-hash': hash });
  const parts = {
    matchLabels,
    hash,
    labels,
    selector: { matchLabels: withMembers(matchLabels ?? {}, { 'pod-template-hash': hash }) },
    template: withMembers(template, { metadata: withMembers(template.metadata ?? {}, { labels }) }),
  };
  partsByTemplate.set(template, parts);
  return parts;
}

function ownedBy(o: KObj, owner: KObj): boolean {
  const refs = o.metadata.ownerReferences ?? [];
  if (!Array.isArray(refs)) return refs.some((r: KObj) => r.uid === owner.metadata.uid); // malformed: as before, whatever that gives
  for (let i = 0; i < refs.length; i++) if (i in refs && refs[i].uid === owner.metadata.uid) return true;
  return false;
}

const byName = (a: KObj, b: KObj): number => (a.metadata.name < b.metadata.name ? -1 : 1);

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
    return this.owned(this.api.type('Pod').kind, rs);
  }

  private replicaSetsOf(d: KObj): KObj[] {
    return this.owned('ReplicaSet', d);
  }

  /** Objects of `kind` in the owner's namespace that it owns, in key order. */
  private owned(kind: string, owner: KObj): KObj[] {
    const out: KObj[] = [];
    for (const e of this.api.store.list(kind, owner.metadata.namespace)) if (ownedBy(e.obj, owner)) out.push(e.obj);
    return out;
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
    const { hash, labels, selector, template: rsTemplate } = templateParts(deploy);
    const rsName = `${deploy.metadata.name}-${hash}`;
    const replicas = deploy.spec.replicas ?? 1;
    for (const old of this.replicaSetsOf(deploy)) {
      if (old.metadata.name === rsName) continue;
      for (const p of this.podsOf(old)) this.api.delete(podType, ns, p.metadata.name, OP);
      this.api.delete(rsType, ns, old.metadata.name, OP);
    }
    let rs = this.api.find(rsType, ns, rsName);
    const rsSpec = { replicas, selector, template: rsTemplate };
    if (!rs) {
      rs = this.api.create(rsType, ns, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rsName, namespace: ns, labels, ownerReferences: [ownerRef(deploy)] }, spec: rsSpec }, OP);
    } else if (rs.spec.replicas !== replicas) {
      rs = this.api.update(rsType, ns, rsName, { ...rs, spec: rsSpec }, OP);
    }
    const pods = sortSmall(this.podsOf(rs), byName);
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
          metadata: withMembers(template.metadata ?? {}, { name, namespace: ns, labels, ownerReferences: [ownerRef(rs)] }),
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
