from enum import StrEnum


class InjectRuleType0In(StrEnum):
    HEADER = "header"

    def __str__(self) -> str:
        return str(self.value)
