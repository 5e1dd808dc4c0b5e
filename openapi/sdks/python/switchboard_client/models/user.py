from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """A user of an account.

    Attributes:
        account_id (UUID): An account (tenant).
        created_at (datetime.datetime): When the user was created (UTC).
        disabled (bool): A disabled user can neither sign in nor use their API keys.
        email (str): Sign-in email, stored lowercase; unique across all accounts.
        id (UUID): A user of an account.
        role (Role): A user's role in their account: `admin` or `member`.
        updated_at (datetime.datetime): When the user was last updated (UTC).
    """

    account_id: UUID
    created_at: datetime.datetime
    disabled: bool
    email: str
    id: UUID
    role: Role
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = str(self.account_id)

        created_at = self.created_at.isoformat()

        disabled = self.disabled

        email = self.email

        id = str(self.id)

        role = self.role.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "created_at": created_at,
                "disabled": disabled,
                "email": email,
                "id": id,
                "role": role,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = UUID(d.pop("account_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        disabled = d.pop("disabled")

        email = d.pop("email")

        id = UUID(d.pop("id"))

        role = Role(d.pop("role"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        user = cls(
            account_id=account_id,
            created_at=created_at,
            disabled=disabled,
            email=email,
            id=id,
            role=role,
            updated_at=updated_at,
        )

        user.additional_properties = d
        return user

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
