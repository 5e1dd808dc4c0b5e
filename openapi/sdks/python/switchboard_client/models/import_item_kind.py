from enum import StrEnum


class ImportItemKind(StrEnum):
    APP = "app"
    AUTOMATION = "automation"
    CONNECTION = "connection"

    def __str__(self) -> str:
        return str(self.value)
