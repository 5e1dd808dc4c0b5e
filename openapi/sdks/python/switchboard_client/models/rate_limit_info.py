from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rate_limit_source import RateLimitSource
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rate_limit import RateLimit


T = TypeVar("T", bound="RateLimitInfo")


@_attrs_define
class RateLimitInfo:
    """`GET /api/v1/connections/{id}/rate-limit`.

    Attributes:
        app_default (RateLimit): `{requests, per_seconds, burst}`.
        backend (str): `memory` (this server) or `postgres` (shared by all replicas).
        effective (RateLimit): `{requests, per_seconds, burst}`.
        remaining (int): Calls that could be made right now (of `effective.burst`).
        source (RateLimitSource): Where a connection's effective rate limit comes from.
        override (None | RateLimit | Unset): A system administrator's override for this connection; `null` when none is
            set. `null` when not set.
    """

    app_default: RateLimit
    backend: str
    effective: RateLimit
    remaining: int
    source: RateLimitSource
    override: None | RateLimit | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.rate_limit import RateLimit  # noqa: PLC0415

        app_default = self.app_default.to_dict()

        backend = self.backend

        effective = self.effective.to_dict()

        remaining = self.remaining

        source = self.source.value

        override: dict[str, Any] | None | Unset
        if isinstance(self.override, Unset):
            override = UNSET
        elif isinstance(self.override, RateLimit):
            override = self.override.to_dict()
        else:
            override = self.override

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "app_default": app_default,
                "backend": backend,
                "effective": effective,
                "remaining": remaining,
                "source": source,
            }
        )
        if override is not UNSET:
            field_dict["override"] = override

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rate_limit import RateLimit  # noqa: PLC0415

        d = dict(src_dict)
        app_default = RateLimit.from_dict(d.pop("app_default"))

        backend = d.pop("backend")

        effective = RateLimit.from_dict(d.pop("effective"))

        remaining = d.pop("remaining")

        source = RateLimitSource(d.pop("source"))

        def _parse_override(data: object) -> None | RateLimit | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                override_type_1 = RateLimit.from_dict(data)

                return override_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RateLimit | Unset, data)

        override = _parse_override(d.pop("override", UNSET))

        rate_limit_info = cls(
            app_default=app_default,
            backend=backend,
            effective=effective,
            remaining=remaining,
            source=source,
            override=override,
        )

        rate_limit_info.additional_properties = d
        return rate_limit_info

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
