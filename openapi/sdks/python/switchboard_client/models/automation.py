from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.automation_status import AutomationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Automation")


@_attrs_define
class Automation:
    """An automation of an account, as far as Switchboard knows it.

    Attributes:
        account_id (UUID): An account (tenant).
        connection_ids (list[UUID]): Connections it uses: its account's own, or ones shared with the account.
        created_at (datetime.datetime): When the automation was created (UTC).
        id (UUID): An automation.
        name (str): The automation's name.
        status (AutomationStatus): Whether an automation is `active` or `paused`.
        updated_at (datetime.datetime): When the automation last changed (UTC).
        version (int): The resource version, also sent as `ETag`.
        paused_reason (None | str | Unset): Why it is paused (e.g. a connection it used was deleted); `null` while
            active.
    """

    account_id: UUID
    connection_ids: list[UUID]
    created_at: datetime.datetime
    id: UUID
    name: str
    status: AutomationStatus
    updated_at: datetime.datetime
    version: int
    paused_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = str(self.account_id)

        connection_ids = []
        for connection_ids_item_data in self.connection_ids:
            connection_ids_item = str(connection_ids_item_data)
            connection_ids.append(connection_ids_item)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        version = self.version

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
                "connection_ids": connection_ids,
                "created_at": created_at,
                "id": id,
                "name": name,
                "status": status,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if paused_reason is not UNSET:
            field_dict["paused_reason"] = paused_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = UUID(d.pop("account_id"))

        connection_ids = []
        _connection_ids = d.pop("connection_ids")
        for connection_ids_item_data in _connection_ids:
            connection_ids_item = UUID(connection_ids_item_data)

            connection_ids.append(connection_ids_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        status = AutomationStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_paused_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        paused_reason = _parse_paused_reason(d.pop("paused_reason", UNSET))

        automation = cls(
            account_id=account_id,
            connection_ids=connection_ids,
            created_at=created_at,
            id=id,
            name=name,
            status=status,
            updated_at=updated_at,
            version=version,
            paused_reason=paused_reason,
        )

        automation.additional_properties = d
        return automation

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
