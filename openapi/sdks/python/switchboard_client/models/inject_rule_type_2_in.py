from enum import StrEnum


class InjectRuleType2In(StrEnum):
    BASIC = "basic"

    def __str__(self) -> str:
        return str(self.value)
