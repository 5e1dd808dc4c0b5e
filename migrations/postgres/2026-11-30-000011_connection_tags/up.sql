-- Tags (key → value, for finding connections: GET /connections?tag=k:v) and
-- metadata (the platform's own JSON object) on connections. Both are JSON text
-- on the row, for answers; the tags are also rows of connection_tags, indexed
-- for the filter. Neither is secret.
ALTER TABLE connections ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
ALTER TABLE connections ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
CREATE TABLE connection_tags (
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (connection_id, name)
);
CREATE INDEX connection_tags_lookup ON connection_tags (name, value, connection_id);

-- Events carry the connection's tags and metadata as they were then.
ALTER TABLE events ADD COLUMN connection_tags TEXT;
ALTER TABLE events ADD COLUMN connection_metadata TEXT;
