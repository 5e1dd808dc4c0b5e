ALTER TABLE connections ADD COLUMN shared_with_children BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX connections_shared ON connections (account_id, shared_with_children, sort_key, id);

CREATE TABLE automations (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'paused')),
    paused_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX automations_account ON automations (account_id, id);

-- A link never outlives its connection: deleting the connection removes the link
-- (the service pauses the automation first, in the same transaction).
CREATE TABLE automation_connections (
    automation_id TEXT NOT NULL REFERENCES automations (id) ON DELETE CASCADE,
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    PRIMARY KEY (automation_id, connection_id)
);
CREATE INDEX automation_connections_connection ON automation_connections (connection_id);
