DROP TABLE auth_throttle;
CREATE TABLE auth_failures (
    id TEXT PRIMARY KEY NOT NULL,
    key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX auth_failures_key ON auth_failures (key, created_at);
