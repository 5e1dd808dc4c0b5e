from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_connection_request_fields import CreateConnectionRequestFields


T = TypeVar("T", bound="CreateConnectionRequest")


@_attrs_define
class CreateConnectionRequest:
    """`POST /api/v1/connections`.

    Attributes:
        app (str): The app's slug.
        fields (CreateConnectionRequestFields | Unset): Credential field values by key, as the app's schema declares
            them.
        name (None | str | Unset): Ignored for the first connection of an app (always `Default`); required afterwards.
        test (bool | None | Unset): Run the app's test request before saving (default `true`).
    """

    app: str
    fields: CreateConnectionRequestFields | Unset = UNSET
    name: None | str | Unset = UNSET
    test: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        app = self.app

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        test: bool | None | Unset
        if isinstance(self.test, Unset):
            test = UNSET
        else:
            test = self.test

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "app": app,
            }
        )
        if fields is not UNSET:
            field_dict["fields"] = fields
        if name is not UNSET:
            field_dict["name"] = name
        if test is not UNSET:
            field_dict["test"] = test

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_connection_request_fields import CreateConnectionRequestFields  # noqa: PLC0415

        d = dict(src_dict)
        app = d.pop("app")

        _fields = d.pop("fields", UNSET)
        fields: CreateConnectionRequestFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = CreateConnectionRequestFields.from_dict(_fields)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_test(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        test = _parse_test(d.pop("test", UNSET))

        create_connection_request = cls(
            app=app,
            fields=fields,
            name=name,
            test=test,
        )

        return create_connection_request
