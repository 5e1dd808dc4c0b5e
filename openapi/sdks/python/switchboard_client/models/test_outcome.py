from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TestOutcome")


@_attrs_define
class TestOutcome:
    """Result of running an app's test request.

    Attributes:
        message (str): The outcome in words, for people.
        ok (bool): `false` when the test request failed (the status becomes `error`); `true`
            otherwise, also when the app has no test request.
        identity (None | str | Unset): The connected account as the app names it, when known.
        upstream_status (int | None | Unset): The upstream HTTP status, when a response came back.
    """

    message: str
    ok: bool
    identity: None | str | Unset = UNSET
    upstream_status: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        ok = self.ok

        identity: None | str | Unset
        if isinstance(self.identity, Unset):
            identity = UNSET
        else:
            identity = self.identity

        upstream_status: int | None | Unset
        if isinstance(self.upstream_status, Unset):
            upstream_status = UNSET
        else:
            upstream_status = self.upstream_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "ok": ok,
            }
        )
        if identity is not UNSET:
            field_dict["identity"] = identity
        if upstream_status is not UNSET:
            field_dict["upstream_status"] = upstream_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        ok = d.pop("ok")

        def _parse_identity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        identity = _parse_identity(d.pop("identity", UNSET))

        def _parse_upstream_status(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        upstream_status = _parse_upstream_status(d.pop("upstream_status", UNSET))

        test_outcome = cls(
            message=message,
            ok=ok,
            identity=identity,
            upstream_status=upstream_status,
        )

        test_outcome.additional_properties = d
        return test_outcome

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
