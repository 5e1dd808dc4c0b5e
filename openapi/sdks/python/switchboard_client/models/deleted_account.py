from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeletedAccount")


@_attrs_define
class DeletedAccount:
    """The answer to `DELETE /api/v1/accounts/{id}`: what went with the account.

    Attributes:
        accounts (int): Accounts deleted: this one and its descendants.
        automations (int): Automations deleted.
        connections (int): Connections deleted, and with them their credentials.
        id (UUID): An account (tenant).
        users (int): Users deleted with them (their API keys and sessions too).
    """

    accounts: int
    automations: int
    connections: int
    id: UUID
    users: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accounts = self.accounts

        automations = self.automations

        connections = self.connections

        id = str(self.id)

        users = self.users

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accounts": accounts,
                "automations": automations,
                "connections": connections,
                "id": id,
                "users": users,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accounts = d.pop("accounts")

        automations = d.pop("automations")

        connections = d.pop("connections")

        id = UUID(d.pop("id"))

        users = d.pop("users")

        deleted_account = cls(
            accounts=accounts,
            automations=automations,
            connections=connections,
            id=id,
            users=users,
        )

        deleted_account.additional_properties = d
        return deleted_account

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
