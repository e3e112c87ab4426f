import { Inject, Injectable } from '@nestjs/common';
import type { Cluster, EdgeFilter, GraphReadRepository, PostureReadRepository } from '@reachwatch/db';
import { GRAPH_READ_REPOSITORY, POSTURE_READ_REPOSITORY } from '../clusters/rest-tokens';
import { encodeCursor } from '../clusters/query';
import type { GraphQuery } from './graph.schemas';
import { portsOf } from './ports';

type Node = { id: string; type: 'namespace' | 'workload' | 'external'; [k: string]: unknown };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The reachability graph from the worker's edge table (as of the worker cursor). Namespace level is one
 * GROUP BY in Postgres; workload level pages through edges in key order and folds the inbound edges of
 * high fan-in destinations into per-namespace summaries, so a large open cluster stays a readable answer.
 */
@Injectable()
export class GraphService {
  constructor(
    @Inject(GRAPH_READ_REPOSITORY) private readonly edges: GraphReadRepository,
    @Inject(POSTURE_READ_REPOSITORY) private readonly posture: PostureReadRepository,
  ) {}

  async graph(cluster: Cluster, q: GraphQuery) {
    // Read first: the answer holds every event up to it (live clients skip edges.changed with seq ≤ it).
    const seq = await this.edges.cursor(cluster.id);
    const filter: EdgeFilter = { namespaces: q.namespaces, port: q.port, peer: q.peer === 'all' ? undefined : q.peer };
    const r = q.level === 'namespace' ? await this.namespaceLevel(cluster, filter) : await this.workloadLevel(cluster, filter, q);
    return { ...r, seq };
  }

  private async namespaceLevel(cluster: Cluster, filter: EdgeFilter) {
    const groups = await this.edges.namespaceGraph(cluster.id, filter);
    const nodes = new Map<string, Node>();
    const addNode = (id: string, external: boolean, endpoint: unknown) => {
      if (!nodes.has(id)) nodes.set(id, external ? { id, type: 'external', endpoint } : { id, type: 'namespace', namespace: id });
    };
    const edges = groups.map((g) => {
      addNode(g.src, g.srcExternal, g.srcEndpoint);
      addNode(g.dst, g.dstExternal, g.dstEndpoint);
      return { src: g.src, dst: g.dst, ports: portsOf(g.allPorts, g.portLists).toString(), allPorts: g.allPorts, workloadPairs: g.edges };
    });
    const names = [...nodes.values()].filter((n) => n.type === 'namespace').map((n) => n.id);
    for (const r of await this.posture.byNamespaces(cluster.id, names)) {
      Object.assign(nodes.get(r.namespace)!, { pods: r.pods, score: Math.round(r.score * 10) / 10, exposedToInternet: r.exposedToInternet });
    }
    return { level: 'namespace', nodes: [...nodes.values()].sort((a, b) => cmp(a.id, b.id)), edges, summaries: [], truncated: false, nextCursor: null };
  }

  private async workloadLevel(cluster: Cluster, filter: EdgeFilter, q: GraphQuery) {
    const r = await this.edges.workloadGraph(cluster.id, filter, { limit: q.limit, fanIn: q.fanIn, afterKey: q.cursor });
    const nodes = new Map<string, Node>();
    const addNode = (id: string, endpoint: unknown) => {
      if (nodes.has(id)) return;
      const e = endpoint as { type: string; namespace?: string; name?: string; kind?: string };
      nodes.set(id, e.type === 'workload' ? { id, type: 'workload', namespace: e.namespace, name: e.name, kind: e.kind } : { id, type: 'external', endpoint });
    };
    const edges = r.edges.map((e) => {
      addNode(e.srcKey, e.src);
      addNode(e.dstKey, e.dst);
      return { src: e.srcKey, dst: e.dstKey, ports: e.portsText, allPorts: e.allPorts };
    });
    const summaries = r.summaries.map((s) => {
      addNode(s.dstKey, s.dst);
      return {
        dst: s.dstKey,
        // null: external address ranges
        fromNamespace: s.srcNamespace,
        sources: s.sources,
        ports: portsOf(s.allPorts, s.portLists).toString(),
      };
    });
    return {
      level: 'workload',
      nodes: [...nodes.values()].sort((a, b) => cmp(a.id, b.id)),
      edges,
      summaries,
      truncated: r.nextAfter !== null || r.summariesTruncated,
      nextCursor: r.nextAfter === null ? null : encodeCursor(r.nextAfter),
    };
  }
}
