from enum import StrEnum


class ImportOutcome(StrEnum):
    CREATED = "created"
    FAILED = "failed"
    RENAMED = "renamed"
    REPLACED = "replaced"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
