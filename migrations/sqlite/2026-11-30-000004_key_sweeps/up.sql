-- Data-key rotations in progress or finished: one row per account (a new rotation
-- replaces the account's row). The servers re-encrypt the account's sealed rows
-- from older key versions to `to_version` in batches and count them in
-- `done_rows`; when none is left, the older keys are deleted and the row is `done`.
CREATE TABLE key_sweeps (
    account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    from_version INTEGER NOT NULL,
    to_version INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    total_rows BIGINT NOT NULL,
    done_rows BIGINT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX key_sweeps_running ON key_sweeps (state, started_at);
