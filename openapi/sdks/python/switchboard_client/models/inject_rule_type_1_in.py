from enum import StrEnum


class InjectRuleType1In(StrEnum):
    QUERY = "query"

    def __str__(self) -> str:
        return str(self.value)
