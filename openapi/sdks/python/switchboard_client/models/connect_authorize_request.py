from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConnectAuthorizeRequest")


@_attrs_define
class ConnectAuthorizeRequest:
    """`POST /api/v1/connect/page/oauth/authorize`.

    Attributes:
        app (str): The app's slug (an OAuth2 sign-in app the session offers).
        name (None | str | Unset): Needed when the account already has a connection of the app (else the end
            user's display name, or `Default` for the first).
    """

    app: str
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        app = self.app

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "app": app,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        app = d.pop("app")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        connect_authorize_request = cls(
            app=app,
            name=name,
        )

        return connect_authorize_request
