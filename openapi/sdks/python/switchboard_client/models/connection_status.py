from enum import StrEnum


class ConnectionStatus(StrEnum):
    ACTIVE = "active"
    ERROR = "error"
    NEEDS_RECONNECT = "needs_reconnect"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
