from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connection_status import ConnectionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_connection_metadata import EventConnectionMetadata
    from ..models.event_connection_tags import EventConnectionTags


T = TypeVar("T", bound="EventConnection")


@_attrs_define
class EventConnection:
    """The connection an event is about, as it was then.

    Attributes:
        app (str): The app's slug.
        id (UUID): A stored connection.
        name (str): Its name then.
        status (ConnectionStatus): Whether a connection works, as far as Switchboard knows. `error`: a test or token
            refresh failed (calls are still made); `needs_reconnect`: the provider ended the
            authorization (calls are refused until a reconnect).
        metadata (EventConnectionMetadata | Unset): Its metadata then.
        tags (EventConnectionTags | Unset): Its tags then.
    """

    app: str
    id: UUID
    name: str
    status: ConnectionStatus
    metadata: EventConnectionMetadata | Unset = UNSET
    tags: EventConnectionTags | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app = self.app

        id = str(self.id)

        name = self.name

        status = self.status.value

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        tags: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "app": app,
                "id": id,
                "name": name,
                "status": status,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_connection_metadata import EventConnectionMetadata  # noqa: PLC0415
        from ..models.event_connection_tags import EventConnectionTags  # noqa: PLC0415

        d = dict(src_dict)
        app = d.pop("app")

        id = UUID(d.pop("id"))

        name = d.pop("name")

        status = ConnectionStatus(d.pop("status"))

        _metadata = d.pop("metadata", UNSET)
        metadata: EventConnectionMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = EventConnectionMetadata.from_dict(_metadata)

        _tags = d.pop("tags", UNSET)
        tags: EventConnectionTags | Unset
        if isinstance(_tags, Unset):
            tags = UNSET
        else:
            tags = EventConnectionTags.from_dict(_tags)

        event_connection = cls(
            app=app,
            id=id,
            name=name,
            status=status,
            metadata=metadata,
            tags=tags,
        )

        event_connection.additional_properties = d
        return event_connection

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
