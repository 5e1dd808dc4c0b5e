from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_event_details import AuditEventDetails


T = TypeVar("T", bound="AuditEvent")


@_attrs_define
class AuditEvent:
    """Who did what to which object, when and from where.

    Attributes:
        account_id (UUID): An account (tenant).
        action (str): e.g. `connection.create`, `connection.reveal`, `auth.login`.
        actor (str): Who acted, as named at the time: an email, followed by `(API key <name>)` when
            a key was used, or `switchboard (token refresh)`.
        created_at (datetime.datetime): When it happened (UTC).
        details (AuditEventDetails): Facts specific to the action, as a free-form JSON object whose keys depend on
            `action` (e.g. `reason`, `changed`, `scopes`); never a secret.
        id (UUID): An audit event.
        target_type (str): What was acted on: `account`, `api_key`, `app`, `automation`, `connection` or `user`.
        actor_api_key_id (None | Unset | UUID): The API key the actor used; `null` for a signed-in person or
            Switchboard. `null` when not set.
        actor_user_id (None | Unset | UUID): The acting user; `null` when Switchboard acted itself (token refresh).
            `null` when not set.
        client_addr (None | str | Unset): The client's IP address, when known (`null` for Switchboard's own actions).
        target_id (None | str | Unset): The target's id (an app's slug for `app`); `null` when there is none.
    """

    account_id: UUID
    action: str
    actor: str
    created_at: datetime.datetime
    details: AuditEventDetails
    id: UUID
    target_type: str
    actor_api_key_id: None | Unset | UUID = UNSET
    actor_user_id: None | Unset | UUID = UNSET
    client_addr: None | str | Unset = UNSET
    target_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = str(self.account_id)

        action = self.action

        actor = self.actor

        created_at = self.created_at.isoformat()

        details = self.details.to_dict()

        id = str(self.id)

        target_type = self.target_type

        actor_api_key_id: None | str | Unset
        if isinstance(self.actor_api_key_id, Unset):
            actor_api_key_id = UNSET
        elif isinstance(self.actor_api_key_id, UUID):
            actor_api_key_id = str(self.actor_api_key_id)
        else:
            actor_api_key_id = self.actor_api_key_id

        actor_user_id: None | str | Unset
        if isinstance(self.actor_user_id, Unset):
            actor_user_id = UNSET
        elif isinstance(self.actor_user_id, UUID):
            actor_user_id = str(self.actor_user_id)
        else:
            actor_user_id = self.actor_user_id

        client_addr: None | str | Unset
        if isinstance(self.client_addr, Unset):
            client_addr = UNSET
        else:
            client_addr = self.client_addr

        target_id: None | str | Unset
        if isinstance(self.target_id, Unset):
            target_id = UNSET
        else:
            target_id = self.target_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "action": action,
                "actor": actor,
                "created_at": created_at,
                "details": details,
                "id": id,
                "target_type": target_type,
            }
        )
        if actor_api_key_id is not UNSET:
            field_dict["actor_api_key_id"] = actor_api_key_id
        if actor_user_id is not UNSET:
            field_dict["actor_user_id"] = actor_user_id
        if client_addr is not UNSET:
            field_dict["client_addr"] = client_addr
        if target_id is not UNSET:
            field_dict["target_id"] = target_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_details import AuditEventDetails  # noqa: PLC0415

        d = dict(src_dict)
        account_id = UUID(d.pop("account_id"))

        action = d.pop("action")

        actor = d.pop("actor")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        details = AuditEventDetails.from_dict(d.pop("details"))

        id = UUID(d.pop("id"))

        target_type = d.pop("target_type")

        def _parse_actor_api_key_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_api_key_id_type_1 = UUID(data)

                return actor_api_key_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        actor_api_key_id = _parse_actor_api_key_id(d.pop("actor_api_key_id", UNSET))

        def _parse_actor_user_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_user_id_type_1 = UUID(data)

                return actor_user_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        actor_user_id = _parse_actor_user_id(d.pop("actor_user_id", UNSET))

        def _parse_client_addr(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_addr = _parse_client_addr(d.pop("client_addr", UNSET))

        def _parse_target_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_id = _parse_target_id(d.pop("target_id", UNSET))

        audit_event = cls(
            account_id=account_id,
            action=action,
            actor=actor,
            created_at=created_at,
            details=details,
            id=id,
            target_type=target_type,
            actor_api_key_id=actor_api_key_id,
            actor_user_id=actor_user_id,
            client_addr=client_addr,
            target_id=target_id,
        )

        audit_event.additional_properties = d
        return audit_event

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
