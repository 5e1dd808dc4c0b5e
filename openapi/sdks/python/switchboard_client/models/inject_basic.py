from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inject_basic_in import InjectBasicIn

T = TypeVar("T", bound="InjectBasic")


@_attrs_define
class InjectBasic:
    """HTTP Basic authentication with `username` and `password`.

    Attributes:
        in_ (InjectBasicIn): Where the credential goes: `header`, `query` or `basic`.
        password (str): The Basic password, a template of the connection's fields.
        username (str): The Basic username, a template of the connection's fields.
    """

    in_: InjectBasicIn
    password: str
    username: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        in_ = self.in_.value

        password = self.password

        username = self.username

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "in": in_,
                "password": password,
                "username": username,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        in_ = InjectBasicIn(d.pop("in"))

        password = d.pop("password")

        username = d.pop("username")

        inject_basic = cls(
            in_=in_,
            password=password,
            username=username,
        )

        inject_basic.additional_properties = d
        return inject_basic

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
