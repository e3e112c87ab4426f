import { Inject, Injectable } from '@nestjs/common';
import type { Cluster, GraphReadRepository } from '@reachwatch/db';
import { GRAPH_READ_REPOSITORY } from '../clusters/rest-tokens';
import type { PortSpec } from '../clusters/query';
import { EngineCache } from './engine-cache';
import { resolvePair, type EndpointSpec } from './endpoints';
import { portsOf } from '../graph/ports';

export interface MatrixOptions {
  namespaces: string[];
  level: 'namespace' | 'workload';
  limit: number;
}

/** explain (libs/policy-engine explainConnection on the cached state) and the reachability matrix (edge table). */
@Injectable()
export class ReachabilityService {
  constructor(
    @Inject(EngineCache) private readonly cache: EngineCache,
    @Inject(GRAPH_READ_REPOSITORY) private readonly edges: GraphReadRepository,
  ) {}

  async explain(cluster: Cluster, from: EndpointSpec, to: EndpointSpec, port: PortSpec) {
    const snap = await this.cache.at(cluster);
    const { src, dst, notes } = resolvePair(snap, from, to);
    const ex = snap.explainer()(src, dst, port.protocol, port.port);
    return {
      cluster: cluster.name,
      seq: snap.seq,
      from: 'pod' in src ? { namespace: src.pod.namespace, workload: src.pod.workload, pod: src.pod.name } : { ip: src.ip },
      to: 'pod' in dst ? { namespace: dst.pod.namespace, workload: dst.pod.workload, pod: dst.pod.name } : { ip: dst.ip },
      port: `${port.protocol}/${port.port}`,
      verdict: ex.allowed ? 'allowed' : 'denied',
      allowed: ex.allowed,
      summary: ex.summary,
      lines: ex.lines,
      notes,
      allowedPorts: ex.ports.isEmpty() ? null : ex.ports.toString(),
    };
  }

  /**
   * Allowed ports between every ordered pair of the namespaces (or of their workloads), from the worker's
   * edge table. A cell is absent when nothing is allowed; `all` means every port of every protocol.
   */
  async matrix(cluster: Cluster, o: MatrixOptions) {
    const seq = await this.edges.cursor(cluster.id);
    return { ...(await this.matrixAt(cluster, o)), seq };
  }

  private async matrixAt(cluster: Cluster, o: MatrixOptions) {
    if (o.level === 'workload') {
      const rows = await this.edges.edgesAmong(cluster.id, o.namespaces, o.limit);
      const cells = rows.slice(0, o.limit).map((e) => ({ src: e.srcKey, dst: e.dstKey, ports: e.portsText }));
      const names = new Set<string>();
      for (const c of cells) names.add(c.src).add(c.dst);
      return { level: 'workload', namespaces: [...o.namespaces].sort(), workloads: [...names].sort(), cells, truncated: rows.length > o.limit };
    }
    // Aggregated in SQL (one row per namespace pair); only pairs with both ends in the set are cells.
    const inSet = new Set(o.namespaces);
    const cells = (await this.edges.namespaceGraph(cluster.id, { namespaces: o.namespaces, peer: 'workload' }))
      .filter((g) => inSet.has(g.src) && inSet.has(g.dst))
      .map((g) => ({ src: g.src, dst: g.dst, ports: portsOf(g.allPorts, g.portLists).toString(), workloadPairs: g.edges }));
    return { level: 'namespace', namespaces: [...o.namespaces].sort(), cells, truncated: false };
  }
}
