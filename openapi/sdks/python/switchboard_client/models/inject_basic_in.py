from enum import StrEnum


class InjectBasicIn(StrEnum):
    BASIC = "basic"

    def __str__(self) -> str:
        return str(self.value)
