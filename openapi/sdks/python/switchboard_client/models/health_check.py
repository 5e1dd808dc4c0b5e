from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_check_kind import HealthCheckKind
from ..models.health_check_source import HealthCheckSource
from ..types import UNSET, Unset

T = TypeVar("T", bound="HealthCheck")


@_attrs_define
class HealthCheck:
    """One health check of a connection.

    Attributes:
        checked_at (datetime.datetime): When it finished.
        kind (HealthCheckKind): What a health check did.
        message (str): The outcome in words (never a credential).
        ok (bool): Whether the credentials worked.
        source (HealthCheckSource): Who started a health check.
        latency_ms (int | None | Unset): How long the upstream took, in milliseconds; `null` when nothing was sent.
        upstream_status (int | None | Unset): The upstream's HTTP status, when it answered.
    """

    checked_at: datetime.datetime
    kind: HealthCheckKind
    message: str
    ok: bool
    source: HealthCheckSource
    latency_ms: int | None | Unset = UNSET
    upstream_status: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checked_at = self.checked_at.isoformat()

        kind = self.kind.value

        message = self.message

        ok = self.ok

        source = self.source.value

        latency_ms: int | None | Unset
        if isinstance(self.latency_ms, Unset):
            latency_ms = UNSET
        else:
            latency_ms = self.latency_ms

        upstream_status: int | None | Unset
        if isinstance(self.upstream_status, Unset):
            upstream_status = UNSET
        else:
            upstream_status = self.upstream_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "checked_at": checked_at,
                "kind": kind,
                "message": message,
                "ok": ok,
                "source": source,
            }
        )
        if latency_ms is not UNSET:
            field_dict["latency_ms"] = latency_ms
        if upstream_status is not UNSET:
            field_dict["upstream_status"] = upstream_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        checked_at = datetime.datetime.fromisoformat(d.pop("checked_at"))

        kind = HealthCheckKind(d.pop("kind"))

        message = d.pop("message")

        ok = d.pop("ok")

        source = HealthCheckSource(d.pop("source"))

        def _parse_latency_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms", UNSET))

        def _parse_upstream_status(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        upstream_status = _parse_upstream_status(d.pop("upstream_status", UNSET))

        health_check = cls(
            checked_at=checked_at,
            kind=kind,
            message=message,
            ok=ok,
            source=source,
            latency_ms=latency_ms,
            upstream_status=upstream_status,
        )

        health_check.additional_properties = d
        return health_check

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
