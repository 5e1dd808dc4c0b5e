from enum import StrEnum


class InjectQueryIn(StrEnum):
    QUERY = "query"

    def __str__(self) -> str:
        return str(self.value)
