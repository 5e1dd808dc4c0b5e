-- Nothing on SQLite (see up.sql).
SELECT 1;
