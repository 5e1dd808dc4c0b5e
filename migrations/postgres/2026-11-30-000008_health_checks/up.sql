-- Scheduled health checks. One row per connection, added by the health job when
-- it first sees the connection: when it is checked next, how many scheduled
-- checks failed in a row (a failing connection is checked again sooner), and
-- the lease of the replica checking it now (database clock; a crashed
-- replica's lease runs out).
CREATE TABLE health_schedule (
    connection_id TEXT PRIMARY KEY NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    next_check_at TIMESTAMP NOT NULL,
    failures INTEGER NOT NULL,
    lease_id TEXT,
    lease_until TIMESTAMP
);
CREATE INDEX health_schedule_due ON health_schedule (next_check_at);

-- The last checks of each connection (the newest 50 are kept): scheduled
-- tests and idle-token refreshes, and tests asked for through the API. Ids are
-- UUIDv7, so they sort by time.
CREATE TABLE health_checks (
    id TEXT PRIMARY KEY NOT NULL,
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('test', 'refresh')),
    source TEXT NOT NULL CHECK (source IN ('scheduled', 'manual')),
    ok BOOLEAN NOT NULL,
    latency_ms INTEGER,
    upstream_status INTEGER,
    message TEXT NOT NULL,
    checked_at TIMESTAMP NOT NULL
);
CREATE INDEX health_checks_connection ON health_checks (connection_id, id);
