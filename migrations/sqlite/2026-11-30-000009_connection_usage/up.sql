-- Proxied calls per connection and hour: calls sent upstream, and calls
-- Switchboard refused because the connection's rate limit was used up. Each
-- replica counts in memory and adds its counts here every few seconds (an
-- addition, so the replicas' counts sum). Kept 35 days.
CREATE TABLE connection_usage (
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    hour TIMESTAMP NOT NULL,
    calls BIGINT NOT NULL,
    limited BIGINT NOT NULL,
    PRIMARY KEY (connection_id, hour)
);
CREATE INDEX connection_usage_hour ON connection_usage (hour);
