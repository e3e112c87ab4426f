-- Accounts and access (issue 4): users with one role each, per-cluster grants, login sessions, personal API
-- tokens, and the user-audit log. Secrets never reach this schema in clear: passwords are argon2id hashes,
-- session secrets and personal tokens are SHA-256 hashes (256-bit random secrets: a slow hash buys nothing).

-- "user" is a reserved word in Postgres, hence app_user. Emails are stored normalised (trimmed, lower case)
-- by the repository, so the unique constraint is the case-insensitive one.
CREATE TABLE app_user (
  id            BIGSERIAL PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  password_hash TEXT NOT NULL,
  -- admin: everything; analyst: read, acknowledge alerts, what-if; auditor: read, reports
  role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'auditor')),
  -- true: every cluster, present and future. Admins always see every cluster whatever this says.
  all_clusters  BOOLEAN NOT NULL DEFAULT false,
  -- set: the user cannot log in and none of their sessions or tokens authenticate
  disabled_at   TIMESTAMPTZ,
  last_login_at TIMESTAMPTZ,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Which clusters a non-admin user may see. Deleting either side removes the grant.
CREATE TABLE user_cluster_grant (
  user_id    BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  cluster_id BIGINT NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, cluster_id)
);
CREATE INDEX user_cluster_grant_by_cluster ON user_cluster_grant (cluster_id);

-- A login. The client holds "rws_" + 32 random bytes; only its SHA-256 (hex) is stored.
CREATE TABLE user_session (
  id           BIGSERIAL PRIMARY KEY,
  user_id      BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  secret_hash  TEXT NOT NULL UNIQUE CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at   TIMESTAMPTZ NOT NULL,
  last_used_at TIMESTAMPTZ,
  revoked_at   TIMESTAMPTZ,
  -- where the login came from (client address as the API saw it), for the user's own review
  ip           TEXT
);
CREATE INDEX user_session_by_user ON user_session (user_id);

-- A personal API token for scripts: "rwp_" + 32 random bytes, shown once; it acts with its user's current
-- role and grants. prefix (the first characters) lets a person tell their tokens apart.
CREATE TABLE api_token (
  id           BIGSERIAL PRIMARY KEY,
  user_id      BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash   TEXT NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  prefix       TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at   TIMESTAMPTZ NOT NULL,
  last_used_at TIMESTAMPTZ,
  revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_token_by_user ON api_token (user_id, id);

-- Append-only record of every account change and authentication event. No foreign keys on purpose: the
-- record must outlive the users it names, so actor and target are copied (id and email) at write time.
CREATE TABLE user_audit (
  id            BIGSERIAL PRIMARY KEY,
  at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- NULL: the system itself (first start)
  actor_user_id BIGINT,
  actor_email   TEXT,
  action        TEXT NOT NULL,
  target_type   TEXT NOT NULL CHECK (target_type IN ('user', 'session', 'api_token')),
  target_id     BIGINT,
  target_email  TEXT,
  ip            TEXT,
  details       JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX user_audit_by_time ON user_audit (at DESC, id DESC);
CREATE INDEX user_audit_by_target ON user_audit (target_type, target_id);
