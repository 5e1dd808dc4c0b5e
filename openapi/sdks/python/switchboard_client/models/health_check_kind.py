from enum import StrEnum


class HealthCheckKind(StrEnum):
    REFRESH = "refresh"
    TEST = "test"

    def __str__(self) -> str:
        return str(self.value)
