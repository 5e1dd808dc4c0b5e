from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SetupRequest")


@_attrs_define
class SetupRequest:
    """`POST /api/v1/setup`: creates the first system administrator.

    Attributes:
        email (str): The administrator's sign-in email.
        password (str): The administrator's password.
        token (str): The one-time setup token printed at first start.
    """

    email: str
    password: str
    token: str

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        token = self.token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "password": password,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        token = d.pop("token")

        setup_request = cls(
            email=email,
            password=password,
            token=token,
        )

        return setup_request
