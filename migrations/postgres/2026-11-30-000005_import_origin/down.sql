DROP INDEX automations_origin;
ALTER TABLE automations DROP COLUMN origin;
DROP INDEX connections_origin;
ALTER TABLE connections DROP COLUMN origin;
