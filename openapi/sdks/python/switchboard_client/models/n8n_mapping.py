from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.n8n_mapping_fields import N8NMappingFields


T = TypeVar("T", bound="N8NMapping")


@_attrs_define
class N8NMapping:
    """One n8n credential type and how its `data` fills this app's fields.

    Attributes:
        type_ (str): The n8n credential type, e.g. `githubApi`.
        fields (N8NMappingFields | Unset): This app's field (for an OAuth2 app: a token such as `access_token`) ← a
            template over the credential's data: `{{accessToken}}`; filters derive values:
            `{{domain|subdomain}}`, `{{server|host}}`, `{{apiKey|after:-}}`, `{{x|before:.}}`, `{{x|lower}}`.
        oauth2 (bool | Unset): An n8n OAuth2 credential: its `oauthTokenData` (access and refresh token)
            becomes the connection's tokens, refreshed with this app's client settings.
    """

    type_: str
    fields: N8NMappingFields | Unset = UNSET
    oauth2: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        oauth2 = self.oauth2

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if fields is not UNSET:
            field_dict["fields"] = fields
        if oauth2 is not UNSET:
            field_dict["oauth2"] = oauth2

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.n8n_mapping_fields import N8NMappingFields  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        _fields = d.pop("fields", UNSET)
        fields: N8NMappingFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = N8NMappingFields.from_dict(_fields)

        oauth2 = d.pop("oauth2", UNSET)

        n8n_mapping = cls(
            type_=type_,
            fields=fields,
            oauth2=oauth2,
        )

        return n8n_mapping
