-- Token refresh bookkeeping, one row per OAuth connection that has been refreshed.
-- The lease is the cross-replica lock: a replica claims it with one conditional
-- UPDATE, refreshes, and stores the new tokens only while its lease id is still the
-- one on the row (the fence). A crashed replica's lease simply runs out.
CREATE TABLE token_refresh (
    connection_id TEXT PRIMARY KEY NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    lease_id TEXT,
    lease_until TIMESTAMP,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at TIMESTAMP,
    last_error TEXT,
    refreshed_at TIMESTAMP
);

CREATE INDEX connections_token_expiry ON connections (token_expires_at);
