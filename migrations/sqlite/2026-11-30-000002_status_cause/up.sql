-- What set a connection's status, as a value instead of a prefix of the
-- reason text: 'test_failed', 'refresh_failed' or 'authorization_ended'.
ALTER TABLE connections ADD COLUMN status_cause TEXT
    CHECK (status_cause IN ('test_failed', 'refresh_failed', 'authorization_ended'));
UPDATE connections SET status_cause = 'refresh_failed'
    WHERE status = 'error' AND status_reason LIKE 'Token refresh failed: %';
UPDATE connections SET status_cause = 'test_failed'
    WHERE status = 'error' AND status_cause IS NULL;
UPDATE connections SET status_cause = 'authorization_ended'
    WHERE status = 'needs_reconnect';
