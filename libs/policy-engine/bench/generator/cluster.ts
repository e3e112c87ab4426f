import { ClusterState } from '../../src/model';
import { Rng } from '../rng';
import { makeAdminPolicies } from './admin';
import { PodMaker } from './pods';
import { PolicyMaker, makeExternalPool } from './policies';
import { MAX_PODS_PER_NODE, SIZES, SYSTEM_NAMESPACES, Size, SizeParams } from './sizes';
import { Topology } from './topology';
import { WorkloadMaker } from './workloads';

export function generateCluster(size: Size, seed = 1): ClusterState {
  return new ClusterGenerator(SIZES[size], seed).run();
}

/** For tests and ad-hoc runs: any parameters, same generator. */
export function generateClusterWith(params: SizeParams, seed = 1): ClusterState {
  return new ClusterGenerator(params, seed).run();
}

/**
 * One cluster, built in stages that share one random stream: nodes and namespaces, workloads, pods and
 * services, the external ranges egress rules draw from, NetworkPolicies, then the admin policies. The
 * stages run in this order on every call: the output is a pure function of (parameters, seed).
 */
class ClusterGenerator {
  private readonly rng: Rng;

  constructor(private readonly p: SizeParams, seed: number) {
    this.rng = new Rng(seed);
    const minNs = SYSTEM_NAMESPACES.length + 1;
    if (p.namespaces < minNs) throw new Error(`at least ${minNs} namespaces needed`);
    if (p.workloads < p.namespaces - SYSTEM_NAMESPACES.length) throw new Error('need at least one workload per namespace');
    if (p.nodes * MAX_PODS_PER_NODE < p.pods) throw new Error(`${p.nodes} nodes cannot hold ${p.pods} pods`);
  }

  run(): ClusterState {
    const topology = new Topology(this.rng, this.p);
    topology.makeNodes();
    topology.makeNamespaces();
    new WorkloadMaker(this.rng, this.p, topology.namespaces, topology.nsByName).makeWorkloads();
    const pods = new PodMaker(this.rng, topology.namespaces, topology.nodes);
    pods.makePods();
    const externalPool = makeExternalPool(this.rng, this.p.externalCidrs);
    const policies = new PolicyMaker(this.rng, this.p, topology.namespaces, externalPool);
    policies.makePolicies();
    const { anps, banp } = makeAdminPolicies();
    return {
      namespaces: topology.namespaces.map((n) => ({ name: n.name, labels: n.labels })),
      pods: pods.pods,
      nodes: topology.nodes.map((n) => n.node),
      services: pods.services,
      networkPolicies: policies.policies,
      adminNetworkPolicies: anps,
      baselineAdminNetworkPolicy: banp,
    };
  }
}
