DROP INDEX webhook_deliveries_order;
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, connection_id, id);
DROP INDEX events_undispatched;
ALTER TABLE events DROP COLUMN dispatched;
ALTER TABLE webhook_endpoints DROP COLUMN enabled_at;
