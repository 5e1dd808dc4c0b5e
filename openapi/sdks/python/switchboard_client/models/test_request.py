from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TestRequest")


@_attrs_define
class TestRequest:
    """A request that proves credentials work, relative to `base_url`.

    Attributes:
        method (str): `GET`, `POST`, `PUT`, `PATCH`, `DELETE` or `HEAD`.
        path (str): Path below `base_url`, starting with a single `/`.
        expect_status (int | Unset): The status that means the credentials work (default 200). Default: 200.
    """

    method: str
    path: str
    expect_status: int | Unset = 200

    def to_dict(self) -> dict[str, Any]:
        method = self.method

        path = self.path

        expect_status = self.expect_status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "method": method,
                "path": path,
            }
        )
        if expect_status is not UNSET:
            field_dict["expect_status"] = expect_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        method = d.pop("method")

        path = d.pop("path")

        expect_status = d.pop("expect_status", UNSET)

        test_request = cls(
            method=method,
            path=path,
            expect_status=expect_status,
        )

        return test_request
