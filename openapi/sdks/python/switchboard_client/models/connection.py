from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connection_status import ConnectionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connection_config import ConnectionConfig
    from ..models.connection_fields import ConnectionFields
    from ..models.connection_metadata import ConnectionMetadata
    from ..models.connection_tags import ConnectionTags
    from ..models.end_user import EndUser


T = TypeVar("T", bound="Connection")


@_attrs_define
class Connection:
    """A connection's metadata. Secret field values are masked.

    Attributes:
        account_id (UUID): An account (tenant).
        account_name (str): The owning account's name.
        app (str): The app's slug.
        app_name (str): The app's display name (its slug if the app is no longer defined).
        created_at (datetime.datetime): When the connection was added (UTC).
        fields (ConnectionFields): Field values: non-secret ones as stored, secret ones as `••••••••`.
        id (UUID): A stored connection.
        name (str): Unique per app and account, case-insensitively; the first of an app is `Default`.
        notes (str): Free text, up to 10,000 characters; empty when there are none.
        shared_with_children (bool): Shared with the owner's child accounts (for the system account: with every
            account).
        status (ConnectionStatus): Whether a connection works, as far as Switchboard knows. `error`: a test or token
            refresh failed (calls are still made); `needs_reconnect`: the provider ended the
            authorization (calls are refused until a reconnect).
        updated_at (datetime.datetime): When its name, notes, sharing, credentials or status last changed (UTC); token
            refreshes do not count.
        version (int): The resource version, also sent as `ETag`.
        config (ConnectionConfig | Unset): Values the provider handed over at sign-in that calls need (the app's
            `auth.oauth2.capture`, e.g. Salesforce's `instance_url`); never secret.
        end_user (EndUser | None | Unset): The platform's end user it was connected for (through a connect session);
            `null` otherwise. `null` when not set.
        granted_scopes (list[str] | Unset): OAuth connections: the scopes the provider granted, as it said (empty when
            it did not say). Fewer than requested: some features may not work.
        identity (None | str | Unset): The connected account as the app names it (an email, a login), when it can tell.
        last_used_at (datetime.datetime | None | Unset): When it was last used through the proxy or `GET …/credentials`,
            to within a
            minute (UTC); `null` if never.
        metadata (ConnectionMetadata | Unset): The platform's own data about it (a JSON object, up to 16 KB); never
            secret.
        requested_scopes (list[str] | Unset): OAuth connections: the scopes asked for at sign-in (empty otherwise).
        status_reason (None | str | Unset): Why the status is not `active`, when known.
        tags (ConnectionTags | Unset): Labels for finding it (`GET /connections?tag=key:value`), e.g.
            `{"end_user_id": "42", "team": "sales"}`; never secret.
        token_expires_at (datetime.datetime | None | Unset): OAuth connections: when the current access token expires
            (Switchboard
            refreshes it a few minutes before).
    """

    account_id: UUID
    account_name: str
    app: str
    app_name: str
    created_at: datetime.datetime
    fields: ConnectionFields
    id: UUID
    name: str
    notes: str
    shared_with_children: bool
    status: ConnectionStatus
    updated_at: datetime.datetime
    version: int
    config: ConnectionConfig | Unset = UNSET
    end_user: EndUser | None | Unset = UNSET
    granted_scopes: list[str] | Unset = UNSET
    identity: None | str | Unset = UNSET
    last_used_at: datetime.datetime | None | Unset = UNSET
    metadata: ConnectionMetadata | Unset = UNSET
    requested_scopes: list[str] | Unset = UNSET
    status_reason: None | str | Unset = UNSET
    tags: ConnectionTags | Unset = UNSET
    token_expires_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.end_user import EndUser  # noqa: PLC0415

        account_id = str(self.account_id)

        account_name = self.account_name

        app = self.app

        app_name = self.app_name

        created_at = self.created_at.isoformat()

        fields = self.fields.to_dict()

        id = str(self.id)

        name = self.name

        notes = self.notes

        shared_with_children = self.shared_with_children

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        version = self.version

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        end_user: dict[str, Any] | None | Unset
        if isinstance(self.end_user, Unset):
            end_user = UNSET
        elif isinstance(self.end_user, EndUser):
            end_user = self.end_user.to_dict()
        else:
            end_user = self.end_user

        granted_scopes: list[str] | Unset = UNSET
        if not isinstance(self.granted_scopes, Unset):
            granted_scopes = self.granted_scopes

        identity: None | str | Unset
        if isinstance(self.identity, Unset):
            identity = UNSET
        else:
            identity = self.identity

        last_used_at: None | str | Unset
        if isinstance(self.last_used_at, Unset):
            last_used_at = UNSET
        elif isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        requested_scopes: list[str] | Unset = UNSET
        if not isinstance(self.requested_scopes, Unset):
            requested_scopes = self.requested_scopes

        status_reason: None | str | Unset
        if isinstance(self.status_reason, Unset):
            status_reason = UNSET
        else:
            status_reason = self.status_reason

        tags: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags.to_dict()

        token_expires_at: None | str | Unset
        if isinstance(self.token_expires_at, Unset):
            token_expires_at = UNSET
        elif isinstance(self.token_expires_at, datetime.datetime):
            token_expires_at = self.token_expires_at.isoformat()
        else:
            token_expires_at = self.token_expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "account_name": account_name,
                "app": app,
                "app_name": app_name,
                "created_at": created_at,
                "fields": fields,
                "id": id,
                "name": name,
                "notes": notes,
                "shared_with_children": shared_with_children,
                "status": status,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if config is not UNSET:
            field_dict["config"] = config
        if end_user is not UNSET:
            field_dict["end_user"] = end_user
        if granted_scopes is not UNSET:
            field_dict["granted_scopes"] = granted_scopes
        if identity is not UNSET:
            field_dict["identity"] = identity
        if last_used_at is not UNSET:
            field_dict["last_used_at"] = last_used_at
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if requested_scopes is not UNSET:
            field_dict["requested_scopes"] = requested_scopes
        if status_reason is not UNSET:
            field_dict["status_reason"] = status_reason
        if tags is not UNSET:
            field_dict["tags"] = tags
        if token_expires_at is not UNSET:
            field_dict["token_expires_at"] = token_expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connection_config import ConnectionConfig  # noqa: PLC0415
        from ..models.connection_fields import ConnectionFields  # noqa: PLC0415
        from ..models.connection_metadata import ConnectionMetadata  # noqa: PLC0415
        from ..models.connection_tags import ConnectionTags  # noqa: PLC0415
        from ..models.end_user import EndUser  # noqa: PLC0415

        d = dict(src_dict)
        account_id = UUID(d.pop("account_id"))

        account_name = d.pop("account_name")

        app = d.pop("app")

        app_name = d.pop("app_name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        fields = ConnectionFields.from_dict(d.pop("fields"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        notes = d.pop("notes")

        shared_with_children = d.pop("shared_with_children")

        status = ConnectionStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        _config = d.pop("config", UNSET)
        config: ConnectionConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = ConnectionConfig.from_dict(_config)

        def _parse_end_user(data: object) -> EndUser | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                end_user_type_1 = EndUser.from_dict(data)

                return end_user_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EndUser | None | Unset, data)

        end_user = _parse_end_user(d.pop("end_user", UNSET))

        granted_scopes = cast(list[str], d.pop("granted_scopes", UNSET))

        def _parse_identity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        identity = _parse_identity(d.pop("identity", UNSET))

        def _parse_last_used_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: ConnectionMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ConnectionMetadata.from_dict(_metadata)

        requested_scopes = cast(list[str], d.pop("requested_scopes", UNSET))

        def _parse_status_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status_reason = _parse_status_reason(d.pop("status_reason", UNSET))

        _tags = d.pop("tags", UNSET)
        tags: ConnectionTags | Unset
        if isinstance(_tags, Unset):
            tags = UNSET
        else:
            tags = ConnectionTags.from_dict(_tags)

        def _parse_token_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                token_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return token_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        token_expires_at = _parse_token_expires_at(d.pop("token_expires_at", UNSET))

        connection = cls(
            account_id=account_id,
            account_name=account_name,
            app=app,
            app_name=app_name,
            created_at=created_at,
            fields=fields,
            id=id,
            name=name,
            notes=notes,
            shared_with_children=shared_with_children,
            status=status,
            updated_at=updated_at,
            version=version,
            config=config,
            end_user=end_user,
            granted_scopes=granted_scopes,
            identity=identity,
            last_used_at=last_used_at,
            metadata=metadata,
            requested_scopes=requested_scopes,
            status_reason=status_reason,
            tags=tags,
            token_expires_at=token_expires_at,
        )

        connection.additional_properties = d
        return connection

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
