ALTER TABLE connections DROP COLUMN token_expires_at;
DROP TABLE oauth_states;
DROP TABLE oauth_clients;
