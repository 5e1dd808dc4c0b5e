from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.data_key_version import DataKeyVersion
    from ..models.key_sweep import KeySweep
    from ..models.master_key_status import MasterKeyStatus


T = TypeVar("T", bound="KeyStatus")


@_attrs_define
class KeyStatus:
    """`GET /api/v1/system/keys` and `switchboard keys status --json`: which master key
    wraps the data keys, and which data-key version seals the stored rows.

        Attributes:
            data_key_versions (list[DataKeyVersion]): Every account's data-key versions and how many stored rows each seals.
            master_keys (list[MasterKeyStatus]): The master keys this process knows (the current one, then previous ones)
                and
                any other that still wraps a data key.
            pending_rows (int): Rows sealed under a data-key version that is no longer the account's newest.
            sweeps (list[KeySweep]): Data-key re-encryption sweeps that are running or were interrupted.
    """

    data_key_versions: list[DataKeyVersion]
    master_keys: list[MasterKeyStatus]
    pending_rows: int
    sweeps: list[KeySweep]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_key_versions = []
        for data_key_versions_item_data in self.data_key_versions:
            data_key_versions_item = data_key_versions_item_data.to_dict()
            data_key_versions.append(data_key_versions_item)

        master_keys = []
        for master_keys_item_data in self.master_keys:
            master_keys_item = master_keys_item_data.to_dict()
            master_keys.append(master_keys_item)

        pending_rows = self.pending_rows

        sweeps = []
        for sweeps_item_data in self.sweeps:
            sweeps_item = sweeps_item_data.to_dict()
            sweeps.append(sweeps_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data_key_versions": data_key_versions,
                "master_keys": master_keys,
                "pending_rows": pending_rows,
                "sweeps": sweeps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.data_key_version import DataKeyVersion  # noqa: PLC0415
        from ..models.key_sweep import KeySweep  # noqa: PLC0415
        from ..models.master_key_status import MasterKeyStatus  # noqa: PLC0415

        d = dict(src_dict)
        data_key_versions = []
        _data_key_versions = d.pop("data_key_versions")
        for data_key_versions_item_data in _data_key_versions:
            data_key_versions_item = DataKeyVersion.from_dict(data_key_versions_item_data)

            data_key_versions.append(data_key_versions_item)

        master_keys = []
        _master_keys = d.pop("master_keys")
        for master_keys_item_data in _master_keys:
            master_keys_item = MasterKeyStatus.from_dict(master_keys_item_data)

            master_keys.append(master_keys_item)

        pending_rows = d.pop("pending_rows")

        sweeps = []
        _sweeps = d.pop("sweeps")
        for sweeps_item_data in _sweeps:
            sweeps_item = KeySweep.from_dict(sweeps_item_data)

            sweeps.append(sweeps_item)

        key_status = cls(
            data_key_versions=data_key_versions,
            master_keys=master_keys,
            pending_rows=pending_rows,
            sweeps=sweeps,
        )

        key_status.additional_properties = d
        return key_status

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
