CREATE INDEX connections_by_app ON connections (account_id, app_slug, sort_key, id);
