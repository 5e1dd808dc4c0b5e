from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sweep_state import SweepState

T = TypeVar("T", bound="KeySweep")


@_attrs_define
class KeySweep:
    """A data-key re-encryption sweep of one account.

    Attributes:
        account_id (UUID): An account (tenant).
        done_rows (int): Rows re-encrypted so far.
        from_version (int): The version rows are moved from.
        state (SweepState): Where a data-key sweep stands.
        to_version (int): The version rows are moved to.
        total_rows (int): Rows to re-encrypt in all.
    """

    account_id: UUID
    done_rows: int
    from_version: int
    state: SweepState
    to_version: int
    total_rows: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = str(self.account_id)

        done_rows = self.done_rows

        from_version = self.from_version

        state = self.state.value

        to_version = self.to_version

        total_rows = self.total_rows

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "done_rows": done_rows,
                "from_version": from_version,
                "state": state,
                "to_version": to_version,
                "total_rows": total_rows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = UUID(d.pop("account_id"))

        done_rows = d.pop("done_rows")

        from_version = d.pop("from_version")

        state = SweepState(d.pop("state"))

        to_version = d.pop("to_version")

        total_rows = d.pop("total_rows")

        key_sweep = cls(
            account_id=account_id,
            done_rows=done_rows,
            from_version=from_version,
            state=state,
            to_version=to_version,
            total_rows=total_rows,
        )

        key_sweep.additional_properties = d
        return key_sweep

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
