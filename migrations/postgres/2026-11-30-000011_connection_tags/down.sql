ALTER TABLE events DROP COLUMN connection_metadata;
ALTER TABLE events DROP COLUMN connection_tags;
DROP TABLE connection_tags;
ALTER TABLE connections DROP COLUMN metadata;
ALTER TABLE connections DROP COLUMN tags;
