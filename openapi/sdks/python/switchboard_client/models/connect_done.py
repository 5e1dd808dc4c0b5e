from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConnectDone")


@_attrs_define
class ConnectDone:
    """The page's outcome: the connection made or reconnected.

    Attributes:
        connect_session_id (UUID): A connect session (an end user's hosted connect page).
        connection_id (UUID): A stored connection.
    """

    connect_session_id: UUID
    connection_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connect_session_id = str(self.connect_session_id)

        connection_id = str(self.connection_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connect_session_id": connect_session_id,
                "connection_id": connection_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        connect_session_id = UUID(d.pop("connect_session_id"))

        connection_id = UUID(d.pop("connection_id"))

        connect_done = cls(
            connect_session_id=connect_session_id,
            connection_id=connection_id,
        )

        connect_done.additional_properties = d
        return connect_done

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
