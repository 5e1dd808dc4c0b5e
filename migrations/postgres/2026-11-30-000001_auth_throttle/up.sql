-- Attempt counters for sign-in, reveal and setup throttling. One row per key
-- (a (subject, address) pair, a subject, or an address): a fixed window that
-- starts at the key's first attempt, in microseconds of the database clock,
-- and the attempts reserved in it. Attempts are reserved before a password is
-- checked and credited back when it was right.
DROP TABLE auth_failures;
CREATE TABLE auth_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);
CREATE INDEX auth_throttle_window ON auth_throttle (window_start);
