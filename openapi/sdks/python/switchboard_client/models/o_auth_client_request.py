from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="OAuthClientRequest")


@_attrs_define
class OAuthClientRequest:
    """`PUT /api/v1/apps/{slug}/oauth-client`: the app's OAuth client at the provider.

    Attributes:
        client_id (str): The client id the provider issued, 1–500 characters.
        client_secret (str): Stored encrypted; never returned.
        current_password (str): The acting system administrator's own password (required: the client decides
            where every account's OAuth tokens are refreshed).
    """

    client_id: str
    client_secret: str
    current_password: str

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        client_secret = self.client_secret

        current_password = self.current_password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "client_id": client_id,
                "client_secret": client_secret,
                "current_password": current_password,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        client_secret = d.pop("client_secret")

        current_password = d.pop("current_password")

        o_auth_client_request = cls(
            client_id=client_id,
            client_secret=client_secret,
            current_password=current_password,
        )

        return o_auth_client_request
