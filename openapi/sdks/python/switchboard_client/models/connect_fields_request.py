from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connect_fields_request_fields import ConnectFieldsRequestFields


T = TypeVar("T", bound="ConnectFieldsRequest")


@_attrs_define
class ConnectFieldsRequest:
    """`POST /api/v1/connect/page/connections`: the end user's values for a key-based app.

    Attributes:
        app (str): The app's slug (one the session offers).
        fields (ConnectFieldsRequestFields): The app's field values.
        name (None | str | Unset): Needed when the account already has a connection of the app (else the end
            user's display name, or `Default` for the first).
    """

    app: str
    fields: ConnectFieldsRequestFields
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        app = self.app

        fields = self.fields.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "app": app,
                "fields": fields,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connect_fields_request_fields import ConnectFieldsRequestFields  # noqa: PLC0415

        d = dict(src_dict)
        app = d.pop("app")

        fields = ConnectFieldsRequestFields.from_dict(d.pop("fields"))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        connect_fields_request = cls(
            app=app,
            fields=fields,
            name=name,
        )

        return connect_fields_request
