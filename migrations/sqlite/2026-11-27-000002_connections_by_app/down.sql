DROP INDEX connections_by_app;
