ALTER TABLE oauth_states DROP COLUMN connect_session_id;
ALTER TABLE connections DROP COLUMN end_user;
DROP TABLE connect_sessions;
