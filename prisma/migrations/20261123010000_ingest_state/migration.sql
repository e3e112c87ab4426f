-- State that ingest needs to be idempotent (libs/db IngestRepository.applyBatch).

-- Per kind, the relist epochs of the agent: {"Pod": {"open": "e7", "done": "e6"}}. A SYNC_END whose epoch
-- is already "done" is a re-sent marker and must not prune again: objects added by the watch after that
-- relist carry no epoch and would otherwise be deleted by the replay.
ALTER TABLE cluster ADD COLUMN sync_epochs JSONB NOT NULL DEFAULT '{}';

-- The last resourceVersions applied to this object, journaled or not (newest last, at most 16). An event
-- whose content equals the stored object is not journaled, so the journal alone cannot tell that a
-- re-sent copy of it is old: without this list, re-sending [X@rv5 (unchanged), X@rv6 (changed)] would
-- put X back to its rv5 content. resourceVersions are opaque, so "seen" is the only order we can use.
ALTER TABLE k8s_object ADD COLUMN recent_versions TEXT[] NOT NULL DEFAULT '{}';
