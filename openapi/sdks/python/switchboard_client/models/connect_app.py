from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConnectApp")


@_attrs_define
class ConnectApp:
    """An app the hosted page offers.

    Attributes:
        category (str): Its catalog category.
        first (bool): The account has no connection of this app yet: the new one is named
            `Default` and the page asks no name.
        name (str): Its display name.
        sign_in (bool): Connects through the OAuth sign-in (else a form of its fields).
        slug (str): The app's slug.
    """

    category: str
    first: bool
    name: str
    sign_in: bool
    slug: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        first = self.first

        name = self.name

        sign_in = self.sign_in

        slug = self.slug

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "first": first,
                "name": name,
                "sign_in": sign_in,
                "slug": slug,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        first = d.pop("first")

        name = d.pop("name")

        sign_in = d.pop("sign_in")

        slug = d.pop("slug")

        connect_app = cls(
            category=category,
            first=first,
            name=name,
            sign_in=sign_in,
            slug=slug,
        )

        connect_app.additional_properties = d
        return connect_app

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
