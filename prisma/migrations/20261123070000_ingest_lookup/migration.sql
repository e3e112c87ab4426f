-- k8s_object_by_name served no query, and it cost every initial sync dearly: before the first ANALYZE the
-- planner rated it equal to the primary key for ingest's (cluster_id, kind, uid) probes and picked it,
-- filtering uid over every object of the kind, so each batch of a large sync was slower than the last
-- (0.4 s → 9.6 s per 2,000 pods at 50k pods). Without it the probes can only use the primary key.
DROP INDEX IF EXISTS k8s_object_by_name;
