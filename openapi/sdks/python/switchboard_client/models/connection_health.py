from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_schedule import HealthSchedule
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.health_check import HealthCheck


T = TypeVar("T", bound="ConnectionHealth")


@_attrs_define
class ConnectionHealth:
    """A connection's health: its schedule and its last checks.

    Attributes:
        checks (list[HealthCheck]): The last checks, newest first (at most 50 are kept).
        interval_seconds (int): Seconds between scheduled checks (the app's `health_check_interval_seconds`).
        schedule (HealthSchedule): Whether and when a connection is checked next.
        next_check_at (datetime.datetime | None | Unset): When the next scheduled check is due (`null` unless `schedule`
            is `scheduled`).
    """

    checks: list[HealthCheck]
    interval_seconds: int
    schedule: HealthSchedule
    next_check_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checks = []
        for checks_item_data in self.checks:
            checks_item = checks_item_data.to_dict()
            checks.append(checks_item)

        interval_seconds = self.interval_seconds

        schedule = self.schedule.value

        next_check_at: None | str | Unset
        if isinstance(self.next_check_at, Unset):
            next_check_at = UNSET
        elif isinstance(self.next_check_at, datetime.datetime):
            next_check_at = self.next_check_at.isoformat()
        else:
            next_check_at = self.next_check_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checks": checks,
                "interval_seconds": interval_seconds,
                "schedule": schedule,
            }
        )
        if next_check_at is not UNSET:
            field_dict["next_check_at"] = next_check_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health_check import HealthCheck  # noqa: PLC0415

        d = dict(src_dict)
        checks = []
        _checks = d.pop("checks")
        for checks_item_data in _checks:
            checks_item = HealthCheck.from_dict(checks_item_data)

            checks.append(checks_item)

        interval_seconds = d.pop("interval_seconds")

        schedule = HealthSchedule(d.pop("schedule"))

        def _parse_next_check_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_check_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_check_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_check_at = _parse_next_check_at(d.pop("next_check_at", UNSET))

        connection_health = cls(
            checks=checks,
            interval_seconds=interval_seconds,
            schedule=schedule,
            next_check_at=next_check_at,
        )

        connection_health.additional_properties = d
        return connection_health

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
