from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateConnectionRequest")


@_attrs_define
class UpdateConnectionRequest:
    """`PATCH /api/v1/connections/{id}`.

    Attributes:
        name (None | str | Unset): A new name, 1–64 characters, unique per app and account (case-insensitively).
        notes (None | str | Unset): Free text, up to 10,000 characters.
        shared_with_children (bool | None | Unset): Share with child accounts (account administrators of the owner).
            Turning it
            off while child automations use it needs `?force=true` and pauses them.
    """

    name: None | str | Unset = UNSET
    notes: None | str | Unset = UNSET
    shared_with_children: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        shared_with_children: bool | None | Unset
        if isinstance(self.shared_with_children, Unset):
            shared_with_children = UNSET
        else:
            shared_with_children = self.shared_with_children

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if notes is not UNSET:
            field_dict["notes"] = notes
        if shared_with_children is not UNSET:
            field_dict["shared_with_children"] = shared_with_children

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_shared_with_children(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        shared_with_children = _parse_shared_with_children(d.pop("shared_with_children", UNSET))

        update_connection_request = cls(
            name=name,
            notes=notes,
            shared_with_children=shared_with_children,
        )

        return update_connection_request
