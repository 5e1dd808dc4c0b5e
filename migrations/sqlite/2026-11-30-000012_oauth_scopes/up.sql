-- The scopes an authorization asked for (the app's by default, or a choice
-- within its scopes and optional scopes), as the provider's scope parameter.
ALTER TABLE oauth_states ADD COLUMN scopes TEXT;
