from enum import StrEnum


class AccountKind(StrEnum):
    STANDARD = "standard"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
