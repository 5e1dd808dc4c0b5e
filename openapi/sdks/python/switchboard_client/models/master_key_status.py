from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MasterKeyStatus")


@_attrs_define
class MasterKeyStatus:
    """One master key and how many data keys it wraps.

    Attributes:
        current (bool): This is the key new data keys are wrapped with.
        data_keys (int): Data keys it wraps; 0 on a previous key means a rotation has finished.
        fingerprint (str): The key's non-secret fingerprint (32 hex digits).
    """

    current: bool
    data_keys: int
    fingerprint: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current = self.current

        data_keys = self.data_keys

        fingerprint = self.fingerprint

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current": current,
                "data_keys": data_keys,
                "fingerprint": fingerprint,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        current = d.pop("current")

        data_keys = d.pop("data_keys")

        fingerprint = d.pop("fingerprint")

        master_key_status = cls(
            current=current,
            data_keys=data_keys,
            fingerprint=fingerprint,
        )

        master_key_status.additional_properties = d
        return master_key_status

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
