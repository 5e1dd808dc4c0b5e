from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.automation_usage import AutomationUsage


T = TypeVar("T", bound="DeletedConnection")


@_attrs_define
class DeletedConnection:
    """The answer to deleting a connection: what was paused.

    Attributes:
        id (UUID): A stored connection.
        paused_automations (list[AutomationUsage]): Active automations `?force=true` paused (in any account); empty when
            none.
    """

    id: UUID
    paused_automations: list[AutomationUsage]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        paused_automations = []
        for paused_automations_item_data in self.paused_automations:
            paused_automations_item = paused_automations_item_data.to_dict()
            paused_automations.append(paused_automations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "paused_automations": paused_automations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.automation_usage import AutomationUsage  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        paused_automations = []
        _paused_automations = d.pop("paused_automations")
        for paused_automations_item_data in _paused_automations:
            paused_automations_item = AutomationUsage.from_dict(paused_automations_item_data)

            paused_automations.append(paused_automations_item)

        deleted_connection = cls(
            id=id,
            paused_automations=paused_automations,
        )

        deleted_connection.additional_properties = d
        return deleted_connection

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
