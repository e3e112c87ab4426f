-- What a worker baseline paid per edge row (the L cluster: 349k edges and 174k edge_group rows; CPU time
-- of the COPY's backend): 15 s for the edges, of which the four indexes took ~8 s (random-order inserts
-- into a (src, dst) and a (dst, src) key index and two namespace indexes), the foreign key to cluster
-- ~3 s (a lookup and a row lock per row) and jsonb's conversion of src, dst and ports ~3 s; edge_group
-- 4 s, of which its foreign key ~1 s. Now (rows written in key order, below): edges ~5.5 s, groups ~2 s.

-- One key index, destination first: it is the primary key (upserts, deletes) and the workload graph's
-- walk (one destination's edges in source order), which edge_by_dst_src served before. The worker writes
-- a baseline in this order, so its inserts land next to each other.
DROP INDEX edge_by_dst_src;
ALTER TABLE edge DROP CONSTRAINT edge_pkey;
ALTER TABLE edge ADD CONSTRAINT edge_pkey PRIMARY KEY (cluster_id, dst_key, src_key);

-- One namespace index, destination first: edges into namespaces (dst_namespace = ANY) and among them
-- (both columns) use it directly; edges out of namespaces alone (the graph's namespace filter with a
-- port, the rarest read) skip over the destination namespaces (Postgres 18 skip scan). Written in
-- destination order too.
DROP INDEX edge_by_dst_namespace;
DROP INDEX edge_by_namespaces;
CREATE INDEX edge_by_namespaces ON edge (cluster_id, dst_namespace, src_namespace);

-- The endpoints are stored as json (validated text), not jsonb: readers take them whole and never look
-- inside, and jsonb's conversion (key sorting per object) was a sixth of the COPY. `ports` stays jsonb:
-- port filters look inside it and summaries compare lists (DISTINCT).
ALTER TABLE edge ALTER COLUMN src TYPE json USING src::json,
                 ALTER COLUMN dst TYPE json USING dst::json;

-- edge_group's namespace index, destination first for the same reason (its reads filter by source group
-- or destination namespace alike).
DROP INDEX edge_group_by_namespaces;
CREATE INDEX edge_group_by_namespaces ON edge_group (cluster_id, dst_namespace, src_group);

-- The worker's edge tables keep cluster_id without a foreign key: its check ran once per row written.
-- What it guaranteed holds without it: only WorkerEffectsRepository writes these tables, and every one
-- of its transactions first takes a KEY SHARE lock on the cluster row (as the foreign key's check did),
-- so a delete of the cluster waits for a worker commit in flight, and a worker that comes after finds
-- the cluster (and its cursor) gone and writes nothing. The trigger below is the ON DELETE CASCADE: under
-- READ COMMITTED (how clusters are deleted) each of its statements takes a new snapshot, so it also sees
-- rows that the worker commit it waited for wrote.
ALTER TABLE edge DROP CONSTRAINT edge_cluster_id_fkey;
ALTER TABLE edge_group DROP CONSTRAINT edge_group_cluster_id_fkey;
ALTER TABLE edge_dst DROP CONSTRAINT edge_dst_cluster_id_fkey;

CREATE FUNCTION delete_cluster_edges() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM edge WHERE cluster_id = OLD.id;
  DELETE FROM edge_group WHERE cluster_id = OLD.id;
  DELETE FROM edge_dst WHERE cluster_id = OLD.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER cluster_delete_edges AFTER DELETE ON cluster FOR EACH ROW EXECUTE FUNCTION delete_cluster_edges();
