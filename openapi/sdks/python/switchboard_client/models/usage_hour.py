from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UsageHour")


@_attrs_define
class UsageHour:
    """Proxied calls of one hour.

    Attributes:
        calls (int): Calls sent to the app.
        hour (datetime.datetime): The hour's start (UTC).
        limited (int): Calls refused with 429 because the connection's rate limit was used up.
    """

    calls: int
    hour: datetime.datetime
    limited: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        calls = self.calls

        hour = self.hour.isoformat()

        limited = self.limited

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "calls": calls,
                "hour": hour,
                "limited": limited,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        calls = d.pop("calls")

        hour = datetime.datetime.fromisoformat(d.pop("hour"))

        limited = d.pop("limited")

        usage_hour = cls(
            calls=calls,
            hour=hour,
            limited=limited,
        )

        usage_hour.additional_properties = d
        return usage_hour

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
