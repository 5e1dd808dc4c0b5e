from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.app_source import AppSource
from ..models.auth_type import AuthType

T = TypeVar("T", bound="AppSummary")


@_attrs_define
class AppSummary:
    """A catalog entry as listed by `GET /api/v1/apps`.

    Attributes:
        auth_type (AuthType): An app's authentication scheme: `oauth2` (tokens from the provider) or a
            key-based one (`api_key`, `basic`, `custom`: credential fields the user enters).
        category (str): Catalog category (`communication`, `payments`, …).
        description (str): What the app is for, in a sentence.
        name (str): Display name.
        slug (str): The app's slug.
        source (AppSource): Where an app's definition comes from: `builtin` (shipped), `modified` (a
            built-in changed by a system administrator) or `custom` (added by one).
    """

    auth_type: AuthType
    category: str
    description: str
    name: str
    slug: str
    source: AppSource
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auth_type = self.auth_type.value

        category = self.category

        description = self.description

        name = self.name

        slug = self.slug

        source = self.source.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "auth_type": auth_type,
                "category": category,
                "description": description,
                "name": name,
                "slug": slug,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        auth_type = AuthType(d.pop("auth_type"))

        category = d.pop("category")

        description = d.pop("description")

        name = d.pop("name")

        slug = d.pop("slug")

        source = AppSource(d.pop("source"))

        app_summary = cls(
            auth_type=auth_type,
            category=category,
            description=description,
            name=name,
            slug=slug,
            source=source,
        )

        app_summary.additional_properties = d
        return app_summary

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
