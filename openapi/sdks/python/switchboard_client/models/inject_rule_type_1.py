from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inject_rule_type_1_in import InjectRuleType1In

T = TypeVar("T", bound="InjectRuleType1")


@_attrs_define
class InjectRuleType1:
    """
    Attributes:
        in_ (InjectRuleType1In):
        name (str):
        value (str):
    """

    in_: InjectRuleType1In
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
        in_ = InjectRuleType1In(d.pop("in"))

        name = d.pop("name")

        value = d.pop("value")

        inject_rule_type_1 = cls(
            in_=in_,
            name=name,
            value=value,
        )

        inject_rule_type_1.additional_properties = d
        return inject_rule_type_1

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
