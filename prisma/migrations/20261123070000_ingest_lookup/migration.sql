-- Indexes no query uses, each paid by every ingest write (measured on an L initial sync: the journal's
-- secondary indexes doubled its COPY time).
--
-- k8s_object_by_name also cost every initial sync dearly: before the first ANALYZE the planner rated it
-- equal to the primary key for ingest's (cluster_id, kind, uid) probes and picked it, filtering uid over
-- every object of the kind, so each batch of a large sync was slower than the last (0.4 s → 9.6 s per
-- 2,000 pods at 50k pods). Without it the probes can only use the primary key.
DROP INDEX IF EXISTS k8s_object_by_name;
-- Object history and time lookups go through policy_audit and received_at (change_event_by_received).
DROP INDEX IF EXISTS change_event_by_object;
DROP INDEX IF EXISTS change_event_by_time;
