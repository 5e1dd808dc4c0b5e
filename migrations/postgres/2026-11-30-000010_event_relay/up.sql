-- Events are the outbox: an event is written with the change it describes, and
-- the webhook relay turns the events not dispatched yet into deliveries (one
-- relay at a time, in event order), so a change writes no delivery rows.
-- Events from before this migration had their deliveries written already.
ALTER TABLE events ADD COLUMN dispatched BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX events_undispatched ON events (id) WHERE NOT dispatched;

-- An endpoint gets the events that happen while it is enabled: since when it is
-- (NULL: since it was created).
ALTER TABLE webhook_endpoints ADD COLUMN enabled_at TIMESTAMP;

-- Deliveries about one connection go out in event order.
DROP INDEX webhook_deliveries_order;
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, connection_id, event_id);
