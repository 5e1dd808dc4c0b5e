ALTER TABLE connections DROP COLUMN status_cause;
