from enum import StrEnum


class CaptureSourceType1From(StrEnum):
    CALLBACK = "callback"

    def __str__(self) -> str:
        return str(self.value)
