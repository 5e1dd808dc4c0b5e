from enum import StrEnum


class EventType(StrEnum):
    AUTOMATION_PAUSED = "automation.paused"
    CONNECTION_CREATED = "connection.created"
    CONNECTION_DELETED = "connection.deleted"
    CONNECTION_NEEDS_RECONNECT = "connection.needs_reconnect"
    CONNECTION_RECONNECTED = "connection.reconnected"
    CONNECTION_RECOVERED = "connection.recovered"
    CONNECTION_REFRESH_FAILED = "connection.refresh_failed"
    CONNECTION_SHARED = "connection.shared"
    CONNECTION_TEST_FAILED = "connection.test_failed"
    CONNECTION_UNSHARED = "connection.unshared"
    CONNECTION_UPDATED = "connection.updated"
    RATE_LIMIT_OVERRIDE_CHANGED = "rate_limit.override_changed"
    WEBHOOK_DISABLED = "webhook.disabled"
    WEBHOOK_TEST = "webhook.test"

    def __str__(self) -> str:
        return str(self.value)
