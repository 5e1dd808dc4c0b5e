from enum import StrEnum


class CaptureSourceType2From(StrEnum):
    IDENTITY = "identity"

    def __str__(self) -> str:
        return str(self.value)
