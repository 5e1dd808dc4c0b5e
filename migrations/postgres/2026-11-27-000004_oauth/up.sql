-- OAuth client settings per app (system administrators); the secret is sealed
-- under the system account's data key.
CREATE TABLE oauth_clients (
    app_slug TEXT PRIMARY KEY NOT NULL,
    id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    secret_envelope BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Authorization requests in flight: single use, expiring, bound to the user, the
-- account and the browser that started them.
CREATE TABLE oauth_states (
    state_hash TEXT PRIMARY KEY NOT NULL,
    id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    app_slug TEXT NOT NULL,
    connection_id TEXT,
    name TEXT,
    browser_hash TEXT NOT NULL,
    verifier_envelope BYTEA NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

ALTER TABLE connections ADD COLUMN token_expires_at TIMESTAMP;
