from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.automation_status import AutomationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateAutomationRequest")


@_attrs_define
class UpdateAutomationRequest:
    """`PATCH /api/v1/automations/{id}`: every field optional.

    Attributes:
        connection_ids (list[UUID] | None | Unset): Replaces the list of connections.
        name (None | str | Unset): A new name, 1–100 characters.
        paused_reason (None | str | Unset): Why it is paused, up to 500 characters; ignored when the automation ends up
            `active`. Pausing without one records `Paused by a user`.
        status (AutomationStatus | None | Unset): `active` resumes (and clears the reason), `paused` pauses. `null` when
            not set.
    """

    connection_ids: list[UUID] | None | Unset = UNSET
    name: None | str | Unset = UNSET
    paused_reason: None | str | Unset = UNSET
    status: AutomationStatus | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        connection_ids: list[str] | None | Unset
        if isinstance(self.connection_ids, Unset):
            connection_ids = UNSET
        elif isinstance(self.connection_ids, list):
            connection_ids = []
            for connection_ids_type_0_item_data in self.connection_ids:
                connection_ids_type_0_item = str(connection_ids_type_0_item_data)
                connection_ids.append(connection_ids_type_0_item)

        else:
            connection_ids = self.connection_ids

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        paused_reason: None | str | Unset
        if isinstance(self.paused_reason, Unset):
            paused_reason = UNSET
        else:
            paused_reason = self.paused_reason

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, AutomationStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if connection_ids is not UNSET:
            field_dict["connection_ids"] = connection_ids
        if name is not UNSET:
            field_dict["name"] = name
        if paused_reason is not UNSET:
            field_dict["paused_reason"] = paused_reason
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_connection_ids(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                connection_ids_type_0 = []
                _connection_ids_type_0 = data
                for connection_ids_type_0_item_data in _connection_ids_type_0:
                    connection_ids_type_0_item = UUID(connection_ids_type_0_item_data)

                    connection_ids_type_0.append(connection_ids_type_0_item)

                return connection_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        connection_ids = _parse_connection_ids(d.pop("connection_ids", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_paused_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        paused_reason = _parse_paused_reason(d.pop("paused_reason", UNSET))

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

        update_automation_request = cls(
            connection_ids=connection_ids,
            name=name,
            paused_reason=paused_reason,
            status=status,
        )

        return update_automation_request
