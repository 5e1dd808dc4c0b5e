from enum import StrEnum


class ImportSource(StrEnum):
    N8N = "n8n"
    SWITCHBOARD = "switchboard"

    def __str__(self) -> str:
        return str(self.value)
