from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConnectReconnect")


@_attrs_define
class ConnectReconnect:
    """The connection a reconnect session is for.

    Attributes:
        app (str): Its app's slug.
        connection_id (UUID): A stored connection.
        name (str): Its name.
    """

    app: str
    connection_id: UUID
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app = self.app

        connection_id = str(self.connection_id)

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "app": app,
                "connection_id": connection_id,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        app = d.pop("app")

        connection_id = UUID(d.pop("connection_id"))

        name = d.pop("name")

        connect_reconnect = cls(
            app=app,
            connection_id=connection_id,
            name=name,
        )

        connect_reconnect.additional_properties = d
        return connect_reconnect

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
