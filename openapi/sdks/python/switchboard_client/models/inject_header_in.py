from enum import StrEnum


class InjectHeaderIn(StrEnum):
    HEADER = "header"

    def __str__(self) -> str:
        return str(self.value)
