DROP INDEX connection_tags_by_account;
CREATE INDEX connection_tags_lookup ON connection_tags (name, value, connection_id);
ALTER TABLE connection_tags DROP COLUMN account_id;
