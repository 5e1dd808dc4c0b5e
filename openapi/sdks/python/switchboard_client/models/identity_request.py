from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="IdentityRequest")


@_attrs_define
class IdentityRequest:
    """A request whose JSON answer names the connected account, relative to `base_url`.

    Attributes:
        method (str): `GET`, `POST`, `PUT`, `PATCH`, `DELETE` or `HEAD`.
        path (str): Path below `base_url`, starting with a single `/`.
        pointer (str): RFC 6901 JSON pointer into the answer.
    """

    method: str
    path: str
    pointer: str

    def to_dict(self) -> dict[str, Any]:
        method = self.method

        path = self.path

        pointer = self.pointer

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "method": method,
                "path": path,
                "pointer": pointer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        method = d.pop("method")

        path = d.pop("path")

        pointer = d.pop("pointer")

        identity_request = cls(
            method=method,
            path=path,
            pointer=pointer,
        )

        return identity_request
