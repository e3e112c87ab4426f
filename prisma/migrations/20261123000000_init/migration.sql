-- Reachwatch storage, DESIGN.md §3. Every key starts with cluster_id so that a fleet beyond one Postgres
-- can be sharded by cluster (Citus) without changing a query.

-- A cluster of the fleet. next_seq hands out change_event.seq; ingest takes this row's lock, which
-- serialises ingest per cluster and keeps the journal gap-free and in arrival order.
CREATE TABLE cluster (
  id               BIGSERIAL PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
  cni              TEXT NOT NULL DEFAULT 'generic' CHECK (cni IN ('generic', 'calico')),
  agent_token_hash TEXT,
  token_rotated_at TIMESTAMPTZ,
  last_seen_at     TIMESTAMPTZ,
  -- pending: never synced; syncing: a relist is in flight; synced: every kind listed at least once
  sync_state       TEXT NOT NULL DEFAULT 'pending' CHECK (sync_state IN ('pending', 'syncing', 'synced')),
  next_seq         BIGINT NOT NULL DEFAULT 1,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Current state: one row per live object. namespace is '' for cluster-scoped kinds.
CREATE TABLE k8s_object (
  cluster_id       BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  kind             TEXT NOT NULL,
  uid              TEXT NOT NULL,
  namespace        TEXT NOT NULL DEFAULT '',
  name             TEXT NOT NULL,
  labels           JSONB NOT NULL DEFAULT '{}',
  resource_version TEXT NOT NULL,
  object           JSONB NOT NULL,
  content_hash     TEXT NOT NULL,
  -- the relist that last confirmed this object (agent snapshot markers delete what a relist missed)
  sync_epoch       TEXT,
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, kind, uid)
);
CREATE INDEX k8s_object_by_name ON k8s_object (cluster_id, kind, namespace, name);

-- The ordered, append-only journal of changes. Re-sent events are absorbed by the unique key.
CREATE TABLE change_event (
  cluster_id       BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  seq              BIGINT NOT NULL,
  kind             TEXT NOT NULL,
  uid              TEXT NOT NULL,
  namespace        TEXT NOT NULL DEFAULT '',
  name             TEXT NOT NULL,
  type             TEXT NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
  resource_version TEXT NOT NULL,
  before           JSONB,
  after            JSONB,
  manager          TEXT,
  occurred_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, seq),
  UNIQUE (cluster_id, uid, resource_version, type)
);
CREATE INDEX change_event_by_object ON change_event (cluster_id, kind, namespace, name, seq);
CREATE INDEX change_event_by_time ON change_event (cluster_id, occurred_at);

-- How far the worker has applied each cluster's journal (moved in the same transaction as its effects).
CREATE TABLE worker_cursor (
  cluster_id       BIGINT PRIMARY KEY REFERENCES cluster(id) ON DELETE CASCADE,
  last_seq         BIGINT NOT NULL DEFAULT 0,
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Which worker owns which cluster; a lease not renewed before expires_at may be taken by another worker.
CREATE TABLE worker_lease (
  cluster_id       BIGINT PRIMARY KEY REFERENCES cluster(id) ON DELETE CASCADE,
  worker_id        TEXT NOT NULL,
  expires_at       TIMESTAMPTZ NOT NULL,
  acquired_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX worker_lease_by_worker ON worker_lease (worker_id);

-- Posture per namespace, as of the journal position updated_seq.
CREATE TABLE posture (
  cluster_id             BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  namespace              TEXT NOT NULL,
  pods                   INTEGER NOT NULL,
  ingress_isolated_pods  INTEGER NOT NULL,
  egress_isolated_pods   INTEGER NOT NULL,
  policies               INTEGER NOT NULL,
  default_deny_ingress   BOOLEAN NOT NULL,
  default_deny_egress    BOOLEAN NOT NULL,
  exposed_to_internet    BOOLEAN NOT NULL,
  reachable_from_other_namespaces BOOLEAN NOT NULL,
  score                  REAL NOT NULL,
  details                JSONB NOT NULL DEFAULT '{}',
  updated_seq            BIGINT NOT NULL,
  updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, namespace)
);

-- Current workload-level allowed connections. Keys are the engine's endpointKey().
CREATE TABLE edge (
  cluster_id       BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  src_key          TEXT NOT NULL,
  dst_key          TEXT NOT NULL,
  src              JSONB NOT NULL,
  dst              JSONB NOT NULL,
  src_namespace    TEXT,
  dst_namespace    TEXT,
  all_ports        BOOLEAN NOT NULL,
  ports            JSONB NOT NULL,
  ports_text       TEXT NOT NULL,
  updated_seq      BIGINT NOT NULL,
  PRIMARY KEY (cluster_id, src_key, dst_key)
);
CREATE INDEX edge_by_dst ON edge (cluster_id, dst_key);
CREATE INDEX edge_by_namespaces ON edge (cluster_id, src_namespace, dst_namespace);

-- The exact reachability delta each change_event caused (only events that changed something).
CREATE TABLE reachability_change (
  cluster_id       BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  seq              BIGINT NOT NULL,
  added            JSONB NOT NULL,
  removed          JSONB NOT NULL,
  added_count      INTEGER NOT NULL,
  removed_count    INTEGER NOT NULL,
  exposures        JSONB NOT NULL DEFAULT '[]',
  computed_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, seq)
);

-- Every policy create/update/delete and namespace label change, with its reachability impact.
CREATE TABLE policy_audit (
  id               BIGSERIAL PRIMARY KEY,
  cluster_id       BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  seq              BIGINT NOT NULL,
  kind             TEXT NOT NULL,
  namespace        TEXT NOT NULL DEFAULT '',
  name             TEXT NOT NULL,
  action           TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted', 'relabelled')),
  before           JSONB,
  after            JSONB,
  diff             TEXT NOT NULL,
  manager          TEXT,
  occurred_at      TIMESTAMPTZ NOT NULL,
  added_count      INTEGER NOT NULL,
  removed_count    INTEGER NOT NULL,
  exposures        JSONB NOT NULL DEFAULT '[]',
  UNIQUE (cluster_id, seq)
);
CREATE INDEX policy_audit_by_time ON policy_audit (cluster_id, occurred_at DESC);

-- Alerts, deduplicated by (cluster, rule, subject) while open or acknowledged.
CREATE TABLE alert (
  id               BIGSERIAL PRIMARY KEY,
  cluster_id       BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  rule             TEXT NOT NULL,
  severity         TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  subject_key      TEXT NOT NULL,
  subject          JSONB NOT NULL,
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
  message          TEXT NOT NULL,
  details          JSONB NOT NULL DEFAULT '{}',
  first_seen       TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen        TIMESTAMPTZ NOT NULL DEFAULT now(),
  first_seq        BIGINT NOT NULL,
  last_seq         BIGINT NOT NULL,
  resolved_at      TIMESTAMPTZ
);
CREATE UNIQUE INDEX alert_dedup ON alert (cluster_id, rule, subject_key) WHERE state <> 'resolved';
CREATE INDEX alert_by_state ON alert (cluster_id, state, last_seen DESC);
