DROP INDEX connections_token_expiry;
DROP TABLE token_refresh;
