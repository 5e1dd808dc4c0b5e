from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.key_sweep import KeySweep


T = TypeVar("T", bound="DataKeyRotation")


@_attrs_define
class DataKeyRotation:
    """The answer to `POST /api/v1/system/keys/rotate-data`: the sweeps started. Follow
    them in `GET /api/v1/system/keys`.

        Attributes:
            sweeps (list[KeySweep]): One sweep per account rotated, as `GET /api/v1/system/keys` shows it.
    """

    sweeps: list[KeySweep]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sweeps = []
        for sweeps_item_data in self.sweeps:
            sweeps_item = sweeps_item_data.to_dict()
            sweeps.append(sweeps_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sweeps": sweeps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_sweep import KeySweep  # noqa: PLC0415

        d = dict(src_dict)
        sweeps = []
        _sweeps = d.pop("sweeps")
        for sweeps_item_data in _sweeps:
            sweeps_item = KeySweep.from_dict(sweeps_item_data)

            sweeps.append(sweeps_item)

        data_key_rotation = cls(
            sweeps=sweeps,
        )

        data_key_rotation.additional_properties = d
        return data_key_rotation

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
