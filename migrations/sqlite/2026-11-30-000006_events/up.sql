-- Lifecycle events (a transactional outbox): one row per change, written in the
-- same transaction as the change. The connection's app, name and status are
-- copied in, so an event still says what it was about after the connection is
-- gone. `data` is a small JSON object; never a secret.
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    connection_id TEXT,
    connection_app TEXT,
    connection_name TEXT,
    connection_status TEXT,
    actor TEXT,
    data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX events_account ON events (account_id, id);
CREATE INDEX events_account_type ON events (account_id, type, id);
CREATE INDEX events_account_connection ON events (account_id, connection_id, id);
CREATE INDEX events_created ON events (created_at);
