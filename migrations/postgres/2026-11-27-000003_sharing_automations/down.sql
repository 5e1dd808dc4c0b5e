DROP TABLE automation_connections;
DROP TABLE automations;
DROP INDEX connections_shared;
ALTER TABLE connections DROP COLUMN shared_with_children;
