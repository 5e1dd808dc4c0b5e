from enum import StrEnum


class ConnectionScope(StrEnum):
    OWN = "own"
    PARENT = "parent"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
