from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.api_scope import ApiScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateApiKeyRequest")


@_attrs_define
class CreateApiKeyRequest:
    """`POST /api/v1/api-keys`.

    Attributes:
        name (str): A name to tell the key apart, 1–100 characters.
        scopes (list[ApiScope]): Any of `connections:read`, `connections:write`, `connections:import`,
            `credentials:read`, `proxy`, `automations:read`, `automations:write`,
            `audit:read`, `webhooks`, `connect:write`.
        current_password (None | str | Unset): The creator's own password; required for `credentials:read` and `proxy`.
    """

    name: str
    scopes: list[ApiScope]
    current_password: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)

        current_password: None | str | Unset
        if isinstance(self.current_password, Unset):
            current_password = UNSET
        else:
            current_password = self.current_password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )
        if current_password is not UNSET:
            field_dict["current_password"] = current_password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = ApiScope(scopes_item_data)

            scopes.append(scopes_item)

        def _parse_current_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current_password = _parse_current_password(d.pop("current_password", UNSET))

        create_api_key_request = cls(
            name=name,
            scopes=scopes,
            current_password=current_password,
        )

        return create_api_key_request
