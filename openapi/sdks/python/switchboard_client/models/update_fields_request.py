from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_fields_request_fields import UpdateFieldsRequestFields


T = TypeVar("T", bound="UpdateFieldsRequest")


@_attrs_define
class UpdateFieldsRequest:
    """`PUT /api/v1/connections/{id}/fields`: new credentials for a key-based connection.

    Attributes:
        fields (UpdateFieldsRequestFields): All credential field values by key (not only the changed ones), checked
            against the app's schema as on create.
        test (bool | None | Unset): Run the app's test request before saving (default `true`).
    """

    fields: UpdateFieldsRequestFields
    test: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        fields = self.fields.to_dict()

        test: bool | None | Unset
        if isinstance(self.test, Unset):
            test = UNSET
        else:
            test = self.test

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "fields": fields,
            }
        )
        if test is not UNSET:
            field_dict["test"] = test

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.update_fields_request_fields import UpdateFieldsRequestFields  # noqa: PLC0415

        d = dict(src_dict)
        fields = UpdateFieldsRequestFields.from_dict(d.pop("fields"))

        def _parse_test(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        test = _parse_test(d.pop("test", UNSET))

        update_fields_request = cls(
            fields=fields,
            test=test,
        )

        return update_fields_request
