from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.automation_status import AutomationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateAutomationRequest")


@_attrs_define
class CreateAutomationRequest:
    """`POST /api/v1/automations`.

    Attributes:
        name (str): The automation's name, 1–100 characters.
        connection_ids (list[UUID] | Unset): Connections it uses: the account's own, or ones shared with the account.
        status (AutomationStatus | None | Unset): Default `active`. `null` when not set.
    """

    name: str
    connection_ids: list[UUID] | Unset = UNSET
    status: AutomationStatus | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        connection_ids: list[str] | Unset = UNSET
        if not isinstance(self.connection_ids, Unset):
            connection_ids = []
            for connection_ids_item_data in self.connection_ids:
                connection_ids_item = str(connection_ids_item_data)
                connection_ids.append(connection_ids_item)

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, AutomationStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if connection_ids is not UNSET:
            field_dict["connection_ids"] = connection_ids
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        _connection_ids = d.pop("connection_ids", UNSET)
        connection_ids: list[UUID] | Unset = UNSET
        if _connection_ids is not UNSET:
            connection_ids = []
            for connection_ids_item_data in _connection_ids:
                connection_ids_item = UUID(connection_ids_item_data)

                connection_ids.append(connection_ids_item)

        def _parse_status(data: object) -> AutomationStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = AutomationStatus(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AutomationStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        create_automation_request = cls(
            name=name,
            connection_ids=connection_ids,
            status=status,
        )

        return create_automation_request
