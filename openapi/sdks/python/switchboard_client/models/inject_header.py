from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inject_header_in import InjectHeaderIn

T = TypeVar("T", bound="InjectHeader")


@_attrs_define
class InjectHeader:
    """Sets the header `name` to `value` (e.g. `Bearer {{access_token}}`).

    Attributes:
        in_ (InjectHeaderIn): Where the credential goes: `header`, `query` or `basic`.
        name (str): The header or query parameter's name.
        value (str): The value, a template of the connection's fields (`Bearer {{api_token}}`).
    """

    in_: InjectHeaderIn
    name: str
    value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        in_ = self.in_.value

        name = self.name

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "in": in_,
                "name": name,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        in_ = InjectHeaderIn(d.pop("in"))

        name = d.pop("name")

        value = d.pop("value")

        inject_header = cls(
            in_=in_,
            name=name,
            value=value,
        )

        inject_header.additional_properties = d
        return inject_header

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
