-- Connect sessions: a platform lets one of its end users (who has no Switchboard
-- login) connect one account of an allowed app on a hosted page. The token is
-- stored as its SHA-256 hash; a session is used once, by the connection it made
-- or reconnected. JSON text columns: end_user {id, email, display_name},
-- allowed_apps [slug] (NULL: every app), tags, metadata, scopes {slug: [scope]},
-- allowed_origins [origin].
CREATE TABLE connect_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    api_key_id TEXT,
    end_user TEXT NOT NULL,
    end_user_id TEXT NOT NULL,
    allowed_apps TEXT,
    tags TEXT NOT NULL DEFAULT '{}',
    metadata TEXT NOT NULL DEFAULT '{}',
    scopes TEXT,
    connection_id TEXT,
    success_url TEXT,
    error_url TEXT,
    allowed_origins TEXT NOT NULL DEFAULT '[]',
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    result_connection_id TEXT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX connect_sessions_account ON connect_sessions (account_id, created_at);
CREATE INDEX connect_sessions_expiry ON connect_sessions (expires_at);

-- The end user a connection was made for (JSON {id, email, display_name}).
ALTER TABLE connections ADD COLUMN end_user TEXT;

-- An authorization started on the hosted connect page.
ALTER TABLE oauth_states ADD COLUMN connect_session_id TEXT;
