from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_connection import EventConnection
    from ..models.event_data import EventData


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
    """One lifecycle event.

    Attributes:
        account_id (UUID): An account (tenant).
        data (EventData): Facts of this type of event (e.g. `reason`, `changed`, `automations`); never a secret.
        id (str): A UUIDv7: events sort by it in the order they happened.
        timestamp (datetime.datetime): When it happened (UTC).
        type_ (EventType): What happened.
        actor (None | str | Unset): Who made the change (an email, `(API key …)`), or `null` when Switchboard did.
        connection (EventConnection | None | Unset): The connection it is about, when there is one. `null` when not set.
    """

    account_id: UUID
    data: EventData
    id: str
    timestamp: datetime.datetime
    type_: EventType
    actor: None | str | Unset = UNSET
    connection: EventConnection | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.event_connection import EventConnection  # noqa: PLC0415

        account_id = str(self.account_id)

        data = self.data.to_dict()

        id = self.id

        timestamp = self.timestamp.isoformat()

        type_ = self.type_.value

        actor: None | str | Unset
        if isinstance(self.actor, Unset):
            actor = UNSET
        else:
            actor = self.actor

        connection: dict[str, Any] | None | Unset
        if isinstance(self.connection, Unset):
            connection = UNSET
        elif isinstance(self.connection, EventConnection):
            connection = self.connection.to_dict()
        else:
            connection = self.connection

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "data": data,
                "id": id,
                "timestamp": timestamp,
                "type": type_,
            }
        )
        if actor is not UNSET:
            field_dict["actor"] = actor
        if connection is not UNSET:
            field_dict["connection"] = connection

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_connection import EventConnection  # noqa: PLC0415
        from ..models.event_data import EventData  # noqa: PLC0415

        d = dict(src_dict)
        account_id = UUID(d.pop("account_id"))

        data = EventData.from_dict(d.pop("data"))

        id = d.pop("id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = EventType(d.pop("type"))

        def _parse_actor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor = _parse_actor(d.pop("actor", UNSET))

        def _parse_connection(data: object) -> EventConnection | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                connection_type_1 = EventConnection.from_dict(data)

                return connection_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventConnection | None | Unset, data)

        connection = _parse_connection(d.pop("connection", UNSET))

        event = cls(
            account_id=account_id,
            data=data,
            id=id,
            timestamp=timestamp,
            type_=type_,
            actor=actor,
            connection=connection,
        )

        event.additional_properties = d
        return event

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
