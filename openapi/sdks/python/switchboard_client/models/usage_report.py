from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.usage_hour import UsageHour


T = TypeVar("T", bound="UsageReport")


@_attrs_define
class UsageReport:
    """A connection's proxied calls per hour over the last days, from every replica.

    Attributes:
        calls (int): Calls sent to the app in the period.
        from_ (datetime.datetime): The first hour covered (UTC).
        hours (list[UsageHour]): Hours with calls, oldest first; hours without any are left out. The
            current hour may lag by a few seconds (counts are added in batches).
        limited (int): Calls refused by the rate limit in the period.
    """

    calls: int
    from_: datetime.datetime
    hours: list[UsageHour]
    limited: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        calls = self.calls

        from_ = self.from_.isoformat()

        hours = []
        for hours_item_data in self.hours:
            hours_item = hours_item_data.to_dict()
            hours.append(hours_item)

        limited = self.limited

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "calls": calls,
                "from": from_,
                "hours": hours,
                "limited": limited,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.usage_hour import UsageHour  # noqa: PLC0415

        d = dict(src_dict)
        calls = d.pop("calls")

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        hours = []
        _hours = d.pop("hours")
        for hours_item_data in _hours:
            hours_item = UsageHour.from_dict(hours_item_data)

            hours.append(hours_item)

        limited = d.pop("limited")

        usage_report = cls(
            calls=calls,
            from_=from_,
            hours=hours,
            limited=limited,
        )

        usage_report.additional_properties = d
        return usage_report

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
