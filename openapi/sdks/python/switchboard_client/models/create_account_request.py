from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.new_account_admin import NewAccountAdmin


T = TypeVar("T", bound="CreateAccountRequest")


@_attrs_define
class CreateAccountRequest:
    """`POST /api/v1/accounts`.

    Attributes:
        admin (NewAccountAdmin): The first administrator of a new account.
        current_password (str): The acting administrator's own password (the request creates an administrator).
        name (str): The account's name, 1–100 characters.
        parent_id (None | Unset | UUID): The parent account (system administrators only; others create children of their
            own account). `null` when not set.
    """

    admin: NewAccountAdmin
    current_password: str
    name: str
    parent_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        admin = self.admin.to_dict()

        current_password = self.current_password

        name = self.name

        parent_id: None | str | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        elif isinstance(self.parent_id, UUID):
            parent_id = str(self.parent_id)
        else:
            parent_id = self.parent_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "admin": admin,
                "current_password": current_password,
                "name": name,
            }
        )
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.new_account_admin import NewAccountAdmin  # noqa: PLC0415

        d = dict(src_dict)
        admin = NewAccountAdmin.from_dict(d.pop("admin"))

        current_password = d.pop("current_password")

        name = d.pop("name")

        def _parse_parent_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                parent_id_type_1 = UUID(data)

                return parent_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))

        create_account_request = cls(
            admin=admin,
            current_password=current_password,
            name=name,
            parent_id=parent_id,
        )

        return create_account_request
