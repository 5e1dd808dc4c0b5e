from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_type import EventType
from ..models.wildcard import Wildcard
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateWebhookRequest")


@_attrs_define
class CreateWebhookRequest:
    """`POST /api/v1/webhooks`.

    Attributes:
        url (str): Where to POST deliveries: an `http` or `https` URL, up to 2,048 characters.
        description (None | str | Unset): A note for people, up to 500 characters.
        enabled (bool | None | Unset): `false` creates it disabled (default `true`).
        event_types (list[EventType | Wildcard] | None | Unset): The event types to receive; omitted or `["*"]` for
            every type.
    """

    url: str
    description: None | str | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    event_types: list[EventType | Wildcard] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        event_types: list[str] | None | Unset
        if isinstance(self.event_types, Unset):
            event_types = UNSET
        elif isinstance(self.event_types, list):
            event_types = []
            for event_types_type_0_item_data in self.event_types:
                event_types_type_0_item: str
                if isinstance(event_types_type_0_item_data, Wildcard):
                    event_types_type_0_item = event_types_type_0_item_data.value
                else:
                    event_types_type_0_item = event_types_type_0_item_data.value

                event_types.append(event_types_type_0_item)

        else:
            event_types = self.event_types

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if event_types is not UNSET:
            field_dict["event_types"] = event_types

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_event_types(data: object) -> list[EventType | Wildcard] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                event_types_type_0 = []
                _event_types_type_0 = data
                for event_types_type_0_item_data in _event_types_type_0:

                    def _parse_event_types_type_0_item(data: object) -> EventType | Wildcard:
                        try:
                            if not isinstance(data, str):
                                raise TypeError()
                            componentsschemas_event_selector_type_0 = Wildcard(data)

                            return componentsschemas_event_selector_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        if not isinstance(data, str):
                            raise TypeError()
                        componentsschemas_event_selector_type_1 = EventType(data)

                        return componentsschemas_event_selector_type_1

                    event_types_type_0_item = _parse_event_types_type_0_item(event_types_type_0_item_data)

                    event_types_type_0.append(event_types_type_0_item)

                return event_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EventType | Wildcard] | None | Unset, data)

        event_types = _parse_event_types(d.pop("event_types", UNSET))

        create_webhook_request = cls(
            url=url,
            description=description,
            enabled=enabled,
            event_types=event_types,
        )

        return create_webhook_request
