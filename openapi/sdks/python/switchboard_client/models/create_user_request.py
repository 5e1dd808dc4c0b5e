from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUserRequest")


@_attrs_define
class CreateUserRequest:
    """`POST /api/v1/users`.

    Attributes:
        current_password (str): The acting administrator's own password (required).
        email (str): The new user's sign-in email; unique across all accounts.
        password (str): The new user's password.
        role (Role | Unset): A user's role in their account: `admin` or `member`.
    """

    current_password: str
    email: str
    password: str
    role: Role | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        current_password = self.current_password

        email = self.email

        password = self.password

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "current_password": current_password,
                "email": email,
                "password": password,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        current_password = d.pop("current_password")

        email = d.pop("email")

        password = d.pop("password")

        _role = d.pop("role", UNSET)
        role: Role | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = Role(_role)

        create_user_request = cls(
            current_password=current_password,
            email=email,
            password=password,
            role=role,
        )

        return create_user_request
