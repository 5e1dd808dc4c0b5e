ALTER TABLE oauth_states DROP COLUMN scopes;
