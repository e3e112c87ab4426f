-- Edge summaries the worker keeps next to the edge table, so graphs of large open clusters are answered
-- from a few thousand rows instead of aggregating millions of edges per request.

-- Per destination: how many sources reach it (its fan-in). Destinations above a caller's threshold are
-- shown as per-namespace summaries instead of edge by edge.
CREATE TABLE edge_dst (
  cluster_id     BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  dst_key        TEXT NOT NULL,
  dst            JSONB NOT NULL,
  dst_namespace  TEXT,
  inbound        INTEGER NOT NULL,
  PRIMARY KEY (cluster_id, dst_key)
);
CREATE INDEX edge_dst_by_inbound ON edge_dst (cluster_id, inbound);

-- Per destination and source group (a namespace, or an external address range's key — each range its own
-- group, with its endpoint in `src`): the edges' count, whether any allows every port, and the distinct
-- port lists (their union is the group's ports).
CREATE TABLE edge_group (
  cluster_id     BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  dst_key        TEXT NOT NULL,
  src_group      TEXT NOT NULL,
  src            JSONB,
  dst_namespace  TEXT,
  sources        INTEGER NOT NULL,
  all_ports      BOOLEAN NOT NULL,
  port_lists     JSONB NOT NULL,
  PRIMARY KEY (cluster_id, dst_key, src_group)
);
CREATE INDEX edge_group_by_namespaces ON edge_group (cluster_id, src_group, dst_namespace);

-- Listing one destination's inbound edges in source order (workload graph pages walk destinations).
CREATE INDEX edge_by_dst_src ON edge (cluster_id, dst_key, src_key);
DROP INDEX edge_by_dst;
