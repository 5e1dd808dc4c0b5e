from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RateLimit")


@_attrs_define
class RateLimit:
    """`{requests, per_seconds, burst}`.

    Attributes:
        burst (int): Calls allowed at once after a quiet period.
        per_seconds (int): The window, in seconds.
        requests (int): Calls allowed per `per_seconds`.
    """

    burst: int
    per_seconds: int
    requests: int

    def to_dict(self) -> dict[str, Any]:
        burst = self.burst

        per_seconds = self.per_seconds

        requests = self.requests

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "burst": burst,
                "per_seconds": per_seconds,
                "requests": requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        burst = d.pop("burst")

        per_seconds = d.pop("per_seconds")

        requests = d.pop("requests")

        rate_limit = cls(
            burst=burst,
            per_seconds=per_seconds,
            requests=requests,
        )

        return rate_limit
