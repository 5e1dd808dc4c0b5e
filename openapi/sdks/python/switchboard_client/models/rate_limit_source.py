from enum import StrEnum


class RateLimitSource(StrEnum):
    APP = "app"
    OVERRIDE = "override"

    def __str__(self) -> str:
        return str(self.value)
