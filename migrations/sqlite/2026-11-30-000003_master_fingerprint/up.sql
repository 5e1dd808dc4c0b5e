-- Which master key wraps each data key (its fingerprint); NULL on rows written
-- before this column, which the key in settings.master_key_fingerprint wraps.
ALTER TABLE account_keys ADD COLUMN master_fingerprint TEXT;
