from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConnectSessionCreated")


@_attrs_define
class ConnectSessionCreated:
    """A new connect session. The token is shown only here.

    Attributes:
        connect_url (str): The hosted page to send the end user to (`/connect/{token}`).
        expires_at (datetime.datetime): When the token stops working (UTC).
        id (UUID): A connect session (an end user's hosted connect page).
        token (str): The single-use secret in `connect_url`.
    """

    connect_url: str
    expires_at: datetime.datetime
    id: UUID
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connect_url = self.connect_url

        expires_at = self.expires_at.isoformat()

        id = str(self.id)

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connect_url": connect_url,
                "expires_at": expires_at,
                "id": id,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        connect_url = d.pop("connect_url")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = UUID(d.pop("id"))

        token = d.pop("token")

        connect_session_created = cls(
            connect_url=connect_url,
            expires_at=expires_at,
            id=id,
            token=token,
        )

        connect_session_created.additional_properties = d
        return connect_session_created

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
