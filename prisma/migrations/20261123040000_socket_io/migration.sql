-- @socket.io/postgres-adapter: payloads too large for NOTIFY (8000 bytes) travel through this table.
CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id         BIGSERIAL PRIMARY KEY,
  created_at TIMESTAMPTZ DEFAULT now(),
  payload    BYTEA
);
