-- Per-connection rate-limit overrides, set by system administrators. Without a
-- row, the app's default limit applies.
CREATE TABLE rate_limit_overrides (
    connection_id TEXT PRIMARY KEY NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    requests INTEGER NOT NULL,
    per_seconds INTEGER NOT NULL,
    burst INTEGER NOT NULL,
    set_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Shared GCRA state for the `postgres` rate-limit backend: the theoretical arrival
-- time per key, in microseconds of the database clock (unused with `memory`).
CREATE TABLE rate_limit_state (
    key TEXT PRIMARY KEY NOT NULL,
    tat BIGINT NOT NULL
);
