from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OAuthClientInfo")


@_attrs_define
class OAuthClientInfo:
    """An app's OAuth client settings, and the callback URL to register with the provider.

    Attributes:
        app (str): The app's slug.
        callback_url (str): Register this redirect URI with the provider.
        configured (bool): Whether client settings are stored for the app.
        client_id (None | str | Unset): The stored client id; `null` until configured.
    """

    app: str
    callback_url: str
    configured: bool
    client_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app = self.app

        callback_url = self.callback_url

        configured = self.configured

        client_id: None | str | Unset
        if isinstance(self.client_id, Unset):
            client_id = UNSET
        else:
            client_id = self.client_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "app": app,
                "callback_url": callback_url,
                "configured": configured,
            }
        )
        if client_id is not UNSET:
            field_dict["client_id"] = client_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        app = d.pop("app")

        callback_url = d.pop("callback_url")

        configured = d.pop("configured")

        def _parse_client_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_id = _parse_client_id(d.pop("client_id", UNSET))

        o_auth_client_info = cls(
            app=app,
            callback_url=callback_url,
            configured=configured,
            client_id=client_id,
        )

        o_auth_client_info.additional_properties = d
        return o_auth_client_info

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
