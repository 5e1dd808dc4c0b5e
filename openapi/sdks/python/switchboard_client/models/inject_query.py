from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inject_query_in import InjectQueryIn

T = TypeVar("T", bound="InjectQuery")


@_attrs_define
class InjectQuery:
    """Adds the query parameter `name` with `value`.

    Attributes:
        in_ (InjectQueryIn): Where the credential goes: `header`, `query` or `basic`.
        name (str): The header or query parameter's name.
        value (str): The value, a template of the connection's fields (`Bearer {{api_token}}`).
    """

    in_: InjectQueryIn
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
        in_ = InjectQueryIn(d.pop("in"))

        name = d.pop("name")

        value = d.pop("value")

        inject_query = cls(
            in_=in_,
            name=name,
            value=value,
        )

        inject_query.additional_properties = d
        return inject_query

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
