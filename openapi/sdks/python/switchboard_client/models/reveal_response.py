from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.reveal_response_fields import RevealResponseFields


T = TypeVar("T", bound="RevealResponse")


@_attrs_define
class RevealResponse:
    """The decrypted credential fields.

    Attributes:
        fields (RevealResponseFields): The stored field values by key, secret ones in clear text.
    """

    fields: RevealResponseFields
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fields = self.fields.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fields": fields,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reveal_response_fields import RevealResponseFields  # noqa: PLC0415

        d = dict(src_dict)
        fields = RevealResponseFields.from_dict(d.pop("fields"))

        reveal_response = cls(
            fields=fields,
        )

        reveal_response.additional_properties = d
        return reveal_response

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
