from enum import StrEnum


class OnConflict(StrEnum):
    RENAME = "rename"
    REPLACE = "replace"
    SKIP = "skip"

    def __str__(self) -> str:
        return str(self.value)
