from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inject_rule_type_2_in import InjectRuleType2In

T = TypeVar("T", bound="InjectRuleType2")


@_attrs_define
class InjectRuleType2:
    """
    Attributes:
        in_ (InjectRuleType2In):
        password (str):
        username (str):
    """

    in_: InjectRuleType2In
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
        in_ = InjectRuleType2In(d.pop("in"))

        password = d.pop("password")

        username = d.pop("username")

        inject_rule_type_2 = cls(
            in_=in_,
            password=password,
            username=username,
        )

        inject_rule_type_2.additional_properties = d
        return inject_rule_type_2

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
