from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.automation_status import AutomationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AutomationUsage")


@_attrs_define
class AutomationUsage:
    """An automation that uses a connection, with its account.

    Attributes:
        account_id (UUID): An account (tenant).
        account_name (str): That account's name.
        id (UUID): An automation.
        name (str): The automation's name.
        status (AutomationStatus): Whether an automation is `active` or `paused`.
        paused_reason (None | str | Unset): Why it is paused; `null` while active.
    """

    account_id: UUID
    account_name: str
    id: UUID
    name: str
    status: AutomationStatus
    paused_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = str(self.account_id)

        account_name = self.account_name

        id = str(self.id)

        name = self.name

        status = self.status.value

        paused_reason: None | str | Unset
        if isinstance(self.paused_reason, Unset):
            paused_reason = UNSET
        else:
            paused_reason = self.paused_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "account_name": account_name,
                "id": id,
                "name": name,
                "status": status,
            }
        )
        if paused_reason is not UNSET:
            field_dict["paused_reason"] = paused_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = UUID(d.pop("account_id"))

        account_name = d.pop("account_name")

        id = UUID(d.pop("id"))

        name = d.pop("name")

        status = AutomationStatus(d.pop("status"))

        def _parse_paused_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        paused_reason = _parse_paused_reason(d.pop("paused_reason", UNSET))

        automation_usage = cls(
            account_id=account_id,
            account_name=account_name,
            id=id,
            name=name,
            status=status,
            paused_reason=paused_reason,
        )

        automation_usage.additional_properties = d
        return automation_usage

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
