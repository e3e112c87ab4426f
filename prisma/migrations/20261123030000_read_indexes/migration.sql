-- Indexes for the REST read paths (apps/api), and audit targets for fleet and alert actions.

-- `GET /clusters/{c}/audit?at=<time>`: the last journal position recorded at or before a time. received_at
-- (set by ingest under the cluster row lock) follows seq; occurred_at (the agent's clock) need not.
CREATE INDEX change_event_by_received ON change_event (cluster_id, received_at, seq);

-- `GET /clusters/{c}/graph?namespace=…`: edges INTO a namespace (edge_by_namespaces serves edges out of one).
CREATE INDEX edge_by_dst_namespace ON edge (cluster_id, dst_namespace);

-- Registering, rotating and deleting clusters and acknowledging/resolving alerts are user actions too.
ALTER TABLE user_audit DROP CONSTRAINT user_audit_target_type_check;
ALTER TABLE user_audit ADD CONSTRAINT user_audit_target_type_check
  CHECK (target_type IN ('user', 'session', 'api_token', 'cluster', 'alert'));

-- Who acknowledged or resolved an alert by hand (the user_audit row has the full record). The worker's
-- own resolutions leave resolved_by NULL.
ALTER TABLE alert ADD COLUMN acknowledged_at TIMESTAMPTZ;
ALTER TABLE alert ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alert ADD COLUMN resolved_by TEXT;
