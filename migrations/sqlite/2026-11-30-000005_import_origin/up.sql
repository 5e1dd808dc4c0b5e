-- Where an imported connection or automation came from (`<source>:<its id
-- there>`, e.g. `switchboard:0193…` or `n8n:42`): a second import of the same file
-- finds it instead of creating it again.
ALTER TABLE connections ADD COLUMN origin TEXT;
CREATE UNIQUE INDEX connections_origin ON connections (account_id, origin);
ALTER TABLE automations ADD COLUMN origin TEXT;
CREATE UNIQUE INDEX automations_origin ON automations (account_id, origin);
