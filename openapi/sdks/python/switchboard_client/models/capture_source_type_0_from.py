from enum import StrEnum


class CaptureSourceType0From(StrEnum):
    TOKEN = "token"

    def __str__(self) -> str:
        return str(self.value)
