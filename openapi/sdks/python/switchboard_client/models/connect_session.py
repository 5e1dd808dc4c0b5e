from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connect_session_status import ConnectSessionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connect_session_metadata import ConnectSessionMetadata
    from ..models.connect_session_scopes_type_0 import ConnectSessionScopesType0
    from ..models.connect_session_tags import ConnectSessionTags
    from ..models.end_user import EndUser


T = TypeVar("T", bound="ConnectSession")


@_attrs_define
class ConnectSession:
    """A connect session, without its token.

    Attributes:
        allowed_origins (list[str]): Origins the outcome is posted to (`postMessage` to the page's opener).
        created_at (datetime.datetime): When it was created (UTC).
        end_user (EndUser): The platform's end user a connection is made for.
        expires_at (datetime.datetime): When the token stops working (UTC).
        id (UUID): A connect session (an end user's hosted connect page).
        metadata (ConnectSessionMetadata): Metadata the connection gets.
        status (ConnectSessionStatus): Where a connect session is.
        tags (ConnectSessionTags): Tags the connection gets (`end_user_id` included).
        allowed_apps (list[str] | None | Unset): The apps it offers; `null`: every app.
        connection_id (None | Unset | UUID): The connection to reconnect, when the session is for a reconnect. `null`
            when not set.
        error_url (None | str | Unset): Where the browser goes when connecting failed.
        last_error (None | str | Unset): The problem code of the end user's last failed attempt, if any.
        result_connection_id (None | Unset | UUID): The connection made or reconnected with it; `null` while unused.
            `null` when not set.
        scopes (ConnectSessionScopesType0 | None | Unset): OAuth scopes to ask for, per app slug.
        success_url (None | str | Unset): Where the browser goes after connecting.
        used_at (datetime.datetime | None | Unset): When the end user connected (UTC); `null` while unused.
    """

    allowed_origins: list[str]
    created_at: datetime.datetime
    end_user: EndUser
    expires_at: datetime.datetime
    id: UUID
    metadata: ConnectSessionMetadata
    status: ConnectSessionStatus
    tags: ConnectSessionTags
    allowed_apps: list[str] | None | Unset = UNSET
    connection_id: None | Unset | UUID = UNSET
    error_url: None | str | Unset = UNSET
    last_error: None | str | Unset = UNSET
    result_connection_id: None | Unset | UUID = UNSET
    scopes: ConnectSessionScopesType0 | None | Unset = UNSET
    success_url: None | str | Unset = UNSET
    used_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.connect_session_scopes_type_0 import ConnectSessionScopesType0  # noqa: PLC0415

        allowed_origins = self.allowed_origins

        created_at = self.created_at.isoformat()

        end_user = self.end_user.to_dict()

        expires_at = self.expires_at.isoformat()

        id = str(self.id)

        metadata = self.metadata.to_dict()

        status = self.status.value

        tags = self.tags.to_dict()

        allowed_apps: list[str] | None | Unset
        if isinstance(self.allowed_apps, Unset):
            allowed_apps = UNSET
        elif isinstance(self.allowed_apps, list):
            allowed_apps = self.allowed_apps

        else:
            allowed_apps = self.allowed_apps

        connection_id: None | str | Unset
        if isinstance(self.connection_id, Unset):
            connection_id = UNSET
        elif isinstance(self.connection_id, UUID):
            connection_id = str(self.connection_id)
        else:
            connection_id = self.connection_id

        error_url: None | str | Unset
        if isinstance(self.error_url, Unset):
            error_url = UNSET
        else:
            error_url = self.error_url

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        result_connection_id: None | str | Unset
        if isinstance(self.result_connection_id, Unset):
            result_connection_id = UNSET
        elif isinstance(self.result_connection_id, UUID):
            result_connection_id = str(self.result_connection_id)
        else:
            result_connection_id = self.result_connection_id

        scopes: dict[str, Any] | None | Unset
        if isinstance(self.scopes, Unset):
            scopes = UNSET
        elif isinstance(self.scopes, ConnectSessionScopesType0):
            scopes = self.scopes.to_dict()
        else:
            scopes = self.scopes

        success_url: None | str | Unset
        if isinstance(self.success_url, Unset):
            success_url = UNSET
        else:
            success_url = self.success_url

        used_at: None | str | Unset
        if isinstance(self.used_at, Unset):
            used_at = UNSET
        elif isinstance(self.used_at, datetime.datetime):
            used_at = self.used_at.isoformat()
        else:
            used_at = self.used_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowed_origins": allowed_origins,
                "created_at": created_at,
                "end_user": end_user,
                "expires_at": expires_at,
                "id": id,
                "metadata": metadata,
                "status": status,
                "tags": tags,
            }
        )
        if allowed_apps is not UNSET:
            field_dict["allowed_apps"] = allowed_apps
        if connection_id is not UNSET:
            field_dict["connection_id"] = connection_id
        if error_url is not UNSET:
            field_dict["error_url"] = error_url
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if result_connection_id is not UNSET:
            field_dict["result_connection_id"] = result_connection_id
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if success_url is not UNSET:
            field_dict["success_url"] = success_url
        if used_at is not UNSET:
            field_dict["used_at"] = used_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connect_session_metadata import ConnectSessionMetadata  # noqa: PLC0415
        from ..models.connect_session_scopes_type_0 import ConnectSessionScopesType0  # noqa: PLC0415
        from ..models.connect_session_tags import ConnectSessionTags  # noqa: PLC0415
        from ..models.end_user import EndUser  # noqa: PLC0415

        d = dict(src_dict)
        allowed_origins = cast(list[str], d.pop("allowed_origins"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        end_user = EndUser.from_dict(d.pop("end_user"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = UUID(d.pop("id"))

        metadata = ConnectSessionMetadata.from_dict(d.pop("metadata"))

        status = ConnectSessionStatus(d.pop("status"))

        tags = ConnectSessionTags.from_dict(d.pop("tags"))

        def _parse_allowed_apps(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                allowed_apps_type_0 = cast(list[str], data)

                return allowed_apps_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        allowed_apps = _parse_allowed_apps(d.pop("allowed_apps", UNSET))

        def _parse_connection_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                connection_id_type_1 = UUID(data)

                return connection_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        connection_id = _parse_connection_id(d.pop("connection_id", UNSET))

        def _parse_error_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_url = _parse_error_url(d.pop("error_url", UNSET))

        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("last_error", UNSET))

        def _parse_result_connection_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                result_connection_id_type_1 = UUID(data)

                return result_connection_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        result_connection_id = _parse_result_connection_id(d.pop("result_connection_id", UNSET))

        def _parse_scopes(data: object) -> ConnectSessionScopesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                scopes_type_0 = ConnectSessionScopesType0.from_dict(data)

                return scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConnectSessionScopesType0 | None | Unset, data)

        scopes = _parse_scopes(d.pop("scopes", UNSET))

        def _parse_success_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        success_url = _parse_success_url(d.pop("success_url", UNSET))

        def _parse_used_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                used_at_type_0 = datetime.datetime.fromisoformat(data)

                return used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        used_at = _parse_used_at(d.pop("used_at", UNSET))

        connect_session = cls(
            allowed_origins=allowed_origins,
            created_at=created_at,
            end_user=end_user,
            expires_at=expires_at,
            id=id,
            metadata=metadata,
            status=status,
            tags=tags,
            allowed_apps=allowed_apps,
            connection_id=connection_id,
            error_url=error_url,
            last_error=last_error,
            result_connection_id=result_connection_id,
            scopes=scopes,
            success_url=success_url,
            used_at=used_at,
        )

        connect_session.additional_properties = d
        return connect_session

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
