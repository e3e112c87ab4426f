-- Alert rules configuration, outbound webhooks with a delivery log (an outbox written in the worker's
-- transaction and sent by a separate loop), coverage samples for trends, the approved-flows register and
-- stored compliance reports with their schedules.

-- Per-cluster alert rule settings (enable, severity, ignore selectors, per-namespace overrides, the
-- compliance scopes that raise severity). `version` grows on every change so the worker reloads cheaply.
CREATE TABLE alert_rule_config (
  cluster_id   BIGINT PRIMARY KEY REFERENCES cluster(id) ON DELETE CASCADE,
  config       JSONB NOT NULL,
  version      BIGINT NOT NULL DEFAULT 1,
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by   TEXT
);

CREATE TABLE webhook (
  id            BIGSERIAL PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  url           TEXT NOT NULL,
  format        TEXT NOT NULL CHECK (format IN ('json', 'slack')),
  -- Signs the body (HMAC-SHA256, header X-Reachwatch-Signature). It must be usable to sign, so it is kept
  -- as given; only admins can read webhook settings and the API never returns it.
  secret        TEXT,
  min_severity  TEXT NOT NULL DEFAULT 'low' CHECK (min_severity IN ('low', 'medium', 'high', 'critical')),
  -- Empty: every cluster / every rule.
  cluster_ids   BIGINT[] NOT NULL DEFAULT '{}',
  rules         TEXT[] NOT NULL DEFAULT '{}',
  enabled       BOOLEAN NOT NULL DEFAULT true,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by    TEXT
);

-- One row per (webhook, alert event). Written in the same transaction as the alert; the dispatcher takes
-- due rows with SKIP LOCKED, so a slow or failing receiver never holds up the worker.
CREATE TABLE webhook_delivery (
  id               BIGSERIAL PRIMARY KEY,
  webhook_id       BIGINT NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
  alert_id         BIGINT REFERENCES alert(id) ON DELETE SET NULL,
  event            TEXT NOT NULL CHECK (event IN ('alert.raised', 'alert.resolved', 'test')),
  payload          JSONB NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_status      INTEGER,
  last_error       TEXT,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  delivered_at     TIMESTAMPTZ
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_by_webhook ON webhook_delivery (webhook_id, id DESC);

-- Cluster-wide coverage, sampled by the worker at most every few minutes (trend sparklines).
CREATE TABLE posture_sample (
  cluster_id         BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  sampled_at         TIMESTAMPTZ NOT NULL,
  seq                BIGINT NOT NULL,
  pods               INTEGER NOT NULL,
  ingress_isolated   INTEGER NOT NULL,
  egress_isolated    INTEGER NOT NULL,
  namespaces         INTEGER NOT NULL,
  score              REAL NOT NULL,
  PRIMARY KEY (cluster_id, sampled_at)
);

-- PCI DSS 1.2.5: flows into/out of scope that the organisation approved, with justification, owner, approver.
CREATE TABLE approved_flow (
  id              BIGSERIAL PRIMARY KEY,
  cluster_id      BIGINT REFERENCES cluster(id) ON DELETE CASCADE,
  source          JSONB NOT NULL,
  destination     JSONB NOT NULL,
  ports           TEXT NOT NULL,
  justification   TEXT NOT NULL,
  owner           TEXT NOT NULL,
  approver        TEXT NOT NULL,
  approved_at     TIMESTAMPTZ NOT NULL,
  expires_at      TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by      TEXT
);

CREATE TABLE report_schedule (
  id            BIGSERIAL PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  framework     TEXT NOT NULL,
  scope         TEXT NOT NULL,
  -- Empty: every cluster the report's scope finds (the fleet).
  cluster_ids   BIGINT[] NOT NULL DEFAULT '{}',
  cron          TEXT NOT NULL,
  period_days   INTEGER NOT NULL DEFAULT 30 CHECK (period_days BETWEEN 1 AND 400),
  enabled       BOOLEAN NOT NULL DEFAULT true,
  next_run_at   TIMESTAMPTZ NOT NULL,
  last_run_at   TIMESTAMPTZ,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by    TEXT
);

-- A generated report: its JSON document is the record (PDF and CSV are rendered from it on download,
-- deterministically), with the snapshot time and the hash of the state it was computed from.
CREATE TABLE compliance_report (
  id            BIGSERIAL PRIMARY KEY,
  framework     TEXT NOT NULL,
  scope         TEXT NOT NULL,
  cluster_ids   BIGINT[] NOT NULL,
  period_from   TIMESTAMPTZ NOT NULL,
  period_to     TIMESTAMPTZ NOT NULL,
  snapshot_at   TIMESTAMPTZ NOT NULL,
  state_hash    TEXT NOT NULL,
  summary       JSONB NOT NULL,
  document      JSONB NOT NULL,
  schedule_id   BIGINT REFERENCES report_schedule(id) ON DELETE SET NULL,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by    TEXT
);
CREATE INDEX compliance_report_by_time ON compliance_report (created_at DESC, id DESC);

-- Who changed a policy, besides the managedFields manager: annotations people and pipelines leave
-- (kubernetes.io/change-cause, reachwatch.io/changed-by, …).
ALTER TABLE policy_audit ADD COLUMN annotations JSONB NOT NULL DEFAULT '{}';

ALTER TABLE user_audit DROP CONSTRAINT user_audit_target_type_check;
ALTER TABLE user_audit ADD CONSTRAINT user_audit_target_type_check
  CHECK (target_type IN ('user', 'session', 'api_token', 'cluster', 'alert', 'alert_rules', 'webhook',
                         'approved_flow', 'report', 'report_schedule'));
