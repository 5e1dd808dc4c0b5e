from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capture_source_type_2_from import CaptureSourceType2From

T = TypeVar("T", bound="CaptureSourceType2")


@_attrs_define
class CaptureSourceType2:
    """A value of the answer to the app's `identity` request (a JSON pointer),
    e.g. Xero's `/0/tenantId`; asked once, right after the sign-in.

        Attributes:
            from_ (CaptureSourceType2From):
            pointer (str): JSON pointer into the answer, starting with `/`.
    """

    from_: CaptureSourceType2From
    pointer: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.value

        pointer = self.pointer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "pointer": pointer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_ = CaptureSourceType2From(d.pop("from"))

        pointer = d.pop("pointer")

        capture_source_type_2 = cls(
            from_=from_,
            pointer=pointer,
        )

        capture_source_type_2.additional_properties = d
        return capture_source_type_2

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
