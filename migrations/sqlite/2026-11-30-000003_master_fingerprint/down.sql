ALTER TABLE account_keys DROP COLUMN master_fingerprint;
