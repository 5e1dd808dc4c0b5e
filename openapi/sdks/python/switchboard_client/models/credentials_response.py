from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credentials_response_fields import CredentialsResponseFields


T = TypeVar("T", bound="CredentialsResponse")


@_attrs_define
class CredentialsResponse:
    """`GET /api/v1/connections/{id}/credentials`: what a machine needs to call the app
    itself. OAuth refresh tokens and client secrets are never handed out.

        Attributes:
            app (str): The app's slug.
            connection_id (UUID): A stored connection.
            fields (CredentialsResponseFields): The credential values: the app's fields, or for OAuth apps `access_token`,
                `token_type` and `scope`.
            expires_at (datetime.datetime | None | Unset): OAuth: when `access_token` expires (UTC); ask again before then.
                `null` for
                key-based apps and for tokens without a known expiry.
    """

    app: str
    connection_id: UUID
    fields: CredentialsResponseFields
    expires_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app = self.app

        connection_id = str(self.connection_id)

        fields = self.fields.to_dict()

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "app": app,
                "connection_id": connection_id,
                "fields": fields,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credentials_response_fields import CredentialsResponseFields  # noqa: PLC0415

        d = dict(src_dict)
        app = d.pop("app")

        connection_id = UUID(d.pop("connection_id"))

        fields = CredentialsResponseFields.from_dict(d.pop("fields"))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        credentials_response = cls(
            app=app,
            connection_id=connection_id,
            fields=fields,
            expires_at=expires_at,
        )

        credentials_response.additional_properties = d
        return credentials_response

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
