from enum import StrEnum


class HealthSchedule(StrEnum):
    NEEDS_RECONNECT = "needs_reconnect"
    NOT_CHECKABLE = "not_checkable"
    OFF = "off"
    SCHEDULED = "scheduled"
    UNUSED = "unused"

    def __str__(self) -> str:
        return str(self.value)
