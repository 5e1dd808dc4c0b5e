from enum import StrEnum


class AppSource(StrEnum):
    BUILTIN = "builtin"
    CUSTOM = "custom"
    MODIFIED = "modified"

    def __str__(self) -> str:
        return str(self.value)
