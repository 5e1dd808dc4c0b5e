from enum import StrEnum


class ApiScope(StrEnum):
    AUDITREAD = "audit:read"
    AUTOMATIONSREAD = "automations:read"
    AUTOMATIONSWRITE = "automations:write"
    CONNECTIONSIMPORT = "connections:import"
    CONNECTIONSREAD = "connections:read"
    CONNECTIONSWRITE = "connections:write"
    CONNECTWRITE = "connect:write"
    CREDENTIALSREAD = "credentials:read"
    PROXY = "proxy"
    WEBHOOKS = "webhooks"

    def __str__(self) -> str:
        return str(self.value)
