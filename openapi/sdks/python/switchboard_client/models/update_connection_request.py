from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_connection_request_metadata_type_0 import UpdateConnectionRequestMetadataType0
    from ..models.update_connection_request_tags_type_0 import UpdateConnectionRequestTagsType0


T = TypeVar("T", bound="UpdateConnectionRequest")


@_attrs_define
class UpdateConnectionRequest:
    """`PATCH /api/v1/connections/{id}`.

    Attributes:
        metadata (None | Unset | UpdateConnectionRequestMetadataType0): Replaces the metadata object (`{}` empties it).
        name (None | str | Unset): A new name, 1–64 characters, unique per app and account (case-insensitively).
        notes (None | str | Unset): Free text, up to 10,000 characters.
        shared_with_children (bool | None | Unset): Share with child accounts (account administrators of the owner).
            Turning it
            off while child automations use it needs `?force=true` and pauses them.
        tags (None | Unset | UpdateConnectionRequestTagsType0): Replaces every tag (`{}` removes them all); the rules of
            creation apply.
    """

    metadata: None | Unset | UpdateConnectionRequestMetadataType0 = UNSET
    name: None | str | Unset = UNSET
    notes: None | str | Unset = UNSET
    shared_with_children: bool | None | Unset = UNSET
    tags: None | Unset | UpdateConnectionRequestTagsType0 = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.update_connection_request_metadata_type_0 import UpdateConnectionRequestMetadataType0  # noqa: PLC0415
        from ..models.update_connection_request_tags_type_0 import UpdateConnectionRequestTagsType0  # noqa: PLC0415

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, UpdateConnectionRequestMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

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

        tags: dict[str, Any] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, UpdateConnectionRequestTagsType0):
            tags = self.tags.to_dict()
        else:
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if name is not UNSET:
            field_dict["name"] = name
        if notes is not UNSET:
            field_dict["notes"] = notes
        if shared_with_children is not UNSET:
            field_dict["shared_with_children"] = shared_with_children
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.update_connection_request_metadata_type_0 import UpdateConnectionRequestMetadataType0  # noqa: PLC0415
        from ..models.update_connection_request_tags_type_0 import UpdateConnectionRequestTagsType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_metadata(data: object) -> None | Unset | UpdateConnectionRequestMetadataType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = UpdateConnectionRequestMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateConnectionRequestMetadataType0, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

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

        def _parse_tags(data: object) -> None | Unset | UpdateConnectionRequestTagsType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tags_type_0 = UpdateConnectionRequestTagsType0.from_dict(data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateConnectionRequestTagsType0, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        update_connection_request = cls(
            metadata=metadata,
            name=name,
            notes=notes,
            shared_with_children=shared_with_children,
            tags=tags,
        )

        return update_connection_request
