from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capture_source_type_1_from import CaptureSourceType1From

T = TypeVar("T", bound="CaptureSourceType1")


@_attrs_define
class CaptureSourceType1:
    """A query parameter of the provider's redirect back, e.g. QuickBooks' `realmId`.

    Attributes:
        from_ (CaptureSourceType1From):
        param (str): The parameter's name.
    """

    from_: CaptureSourceType1From
    param: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.value

        param = self.param

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "param": param,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_ = CaptureSourceType1From(d.pop("from"))

        param = d.pop("param")

        capture_source_type_1 = cls(
            from_=from_,
            param=param,
        )

        capture_source_type_1.additional_properties = d
        return capture_source_type_1

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
