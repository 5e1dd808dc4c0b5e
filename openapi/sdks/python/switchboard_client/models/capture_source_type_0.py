from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capture_source_type_0_from import CaptureSourceType0From

T = TypeVar("T", bound="CaptureSourceType0")


@_attrs_define
class CaptureSourceType0:
    """A value of the token endpoint's JSON answer (a JSON pointer), e.g.
    Salesforce's `/instance_url`; taken again from every refresh that has it.

        Attributes:
            from_ (CaptureSourceType0From):
            pointer (str): JSON pointer into the answer, starting with `/`.
    """

    from_: CaptureSourceType0From
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
        from_ = CaptureSourceType0From(d.pop("from"))

        pointer = d.pop("pointer")

        capture_source_type_0 = cls(
            from_=from_,
            pointer=pointer,
        )

        capture_source_type_0.additional_properties = d
        return capture_source_type_0

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
