from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DataKeyVersion")


@_attrs_define
class DataKeyVersion:
    """One version of an account's data key.

    Attributes:
        account_id (UUID): An account (tenant).
        rows (int): Stored rows sealed under it (connections, and OAuth client secrets for the
            system account).
        version (int): The key's version (1 for an account's first key).
    """

    account_id: UUID
    rows: int
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = str(self.account_id)

        rows = self.rows

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "rows": rows,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = UUID(d.pop("account_id"))

        rows = d.pop("rows")

        version = d.pop("version")

        data_key_version = cls(
            account_id=account_id,
            rows=rows,
            version=version,
        )

        data_key_version.additional_properties = d
        return data_key_version

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
