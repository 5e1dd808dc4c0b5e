-- Tag rows carry their connection's account, so a tag filter looks up only the
-- account's rows (and a selective tag drives the page from its few matches).
ALTER TABLE connection_tags ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
UPDATE connection_tags SET account_id = (
    SELECT c.account_id FROM connections c WHERE c.id = connection_tags.connection_id
);
DROP INDEX connection_tags_lookup;
CREATE INDEX connection_tags_by_account ON connection_tags (account_id, name, value, connection_id);
