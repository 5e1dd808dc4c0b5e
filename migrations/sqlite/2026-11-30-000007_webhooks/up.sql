-- Webhook endpoints of an account and the deliveries of its events to them.
-- The signing secret is sealed under the account's data key (like a
-- connection's fields); after a rotation the previous one keeps signing beside
-- it until `previous_secret_until`.
CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    description TEXT NOT NULL,
    -- A JSON array of event types; ["*"] for every type.
    event_types TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    secret BLOB NOT NULL,
    previous_secret BLOB,
    previous_secret_until TIMESTAMP,
    -- Since when every delivery has failed (NULL after a success).
    failing_since TIMESTAMP,
    disabled_reason TEXT,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id, id);

-- One row per (event, endpoint), written in the event's transaction (the outbox).
-- `status`: pending, delivered or failed. A worker claims due pending rows by
-- setting `lease_until` (database clock); a crashed worker's lease runs out.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    connection_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL,
    last_status_code INTEGER,
    last_error TEXT,
    latency_ms INTEGER,
    next_attempt_at TIMESTAMP,
    lease_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
-- The claim looks for an older pending delivery about the same connection.
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, connection_id, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
