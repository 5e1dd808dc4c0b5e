from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_connect_session_request_metadata_type_0 import CreateConnectSessionRequestMetadataType0
    from ..models.create_connect_session_request_scopes_type_0 import CreateConnectSessionRequestScopesType0
    from ..models.create_connect_session_request_tags_type_0 import CreateConnectSessionRequestTagsType0
    from ..models.end_user import EndUser


T = TypeVar("T", bound="CreateConnectSessionRequest")


@_attrs_define
class CreateConnectSessionRequest:
    """`POST /api/v1/connect/sessions`.

    Attributes:
        end_user (EndUser): The platform's end user a connection is made for.
        allowed_apps (list[str] | None | Unset): The app slugs the page offers; every app of the catalog (and the
            account's
            own apps) when left out.
        allowed_origins (list[str] | None | Unset): Origins (`https://app.example.com`) of windows that open the page:
            the
            page reports the outcome to its opener with `postMessage` when the
            opener's origin is one of them, and to no other.
        connection_id (None | Unset | UUID): Reconnect this connection of the account instead of adding one (the page
            then offers only its app). `null` when not set.
        error_url (None | str | Unset): Where the page sends the browser when connecting failed, with `error` (a
            problem code) and `connect_session_id` added to the query.
        metadata (CreateConnectSessionRequestMetadataType0 | None | Unset): Metadata the new connection gets (a JSON
            object, up to 16 KB).
        scopes (CreateConnectSessionRequestScopesType0 | None | Unset): OAuth apps: the scopes to ask for, per app slug,
            within the app's scopes
            and optional scopes (the app's scopes when left out).
        success_url (None | str | Unset): Where the page sends the browser after connecting, with
            `connection_id` and `connect_session_id` added to the query (http or https).
        tags (CreateConnectSessionRequestTagsType0 | None | Unset): Tags the new connection gets (besides
            `end_user_id`).
        ttl_seconds (int | None | Unset): Lifetime in seconds (60–86,400; default
            `SWITCHBOARD_CONNECT_SESSION_TTL_SECS`).
    """

    end_user: EndUser
    allowed_apps: list[str] | None | Unset = UNSET
    allowed_origins: list[str] | None | Unset = UNSET
    connection_id: None | Unset | UUID = UNSET
    error_url: None | str | Unset = UNSET
    metadata: CreateConnectSessionRequestMetadataType0 | None | Unset = UNSET
    scopes: CreateConnectSessionRequestScopesType0 | None | Unset = UNSET
    success_url: None | str | Unset = UNSET
    tags: CreateConnectSessionRequestTagsType0 | None | Unset = UNSET
    ttl_seconds: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_connect_session_request_metadata_type_0 import CreateConnectSessionRequestMetadataType0  # noqa: PLC0415
        from ..models.create_connect_session_request_scopes_type_0 import CreateConnectSessionRequestScopesType0  # noqa: PLC0415
        from ..models.create_connect_session_request_tags_type_0 import CreateConnectSessionRequestTagsType0  # noqa: PLC0415

        end_user = self.end_user.to_dict()

        allowed_apps: list[str] | None | Unset
        if isinstance(self.allowed_apps, Unset):
            allowed_apps = UNSET
        elif isinstance(self.allowed_apps, list):
            allowed_apps = self.allowed_apps

        else:
            allowed_apps = self.allowed_apps

        allowed_origins: list[str] | None | Unset
        if isinstance(self.allowed_origins, Unset):
            allowed_origins = UNSET
        elif isinstance(self.allowed_origins, list):
            allowed_origins = self.allowed_origins

        else:
            allowed_origins = self.allowed_origins

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

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CreateConnectSessionRequestMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        scopes: dict[str, Any] | None | Unset
        if isinstance(self.scopes, Unset):
            scopes = UNSET
        elif isinstance(self.scopes, CreateConnectSessionRequestScopesType0):
            scopes = self.scopes.to_dict()
        else:
            scopes = self.scopes

        success_url: None | str | Unset
        if isinstance(self.success_url, Unset):
            success_url = UNSET
        else:
            success_url = self.success_url

        tags: dict[str, Any] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, CreateConnectSessionRequestTagsType0):
            tags = self.tags.to_dict()
        else:
            tags = self.tags

        ttl_seconds: int | None | Unset
        if isinstance(self.ttl_seconds, Unset):
            ttl_seconds = UNSET
        else:
            ttl_seconds = self.ttl_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end_user": end_user,
            }
        )
        if allowed_apps is not UNSET:
            field_dict["allowed_apps"] = allowed_apps
        if allowed_origins is not UNSET:
            field_dict["allowed_origins"] = allowed_origins
        if connection_id is not UNSET:
            field_dict["connection_id"] = connection_id
        if error_url is not UNSET:
            field_dict["error_url"] = error_url
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if success_url is not UNSET:
            field_dict["success_url"] = success_url
        if tags is not UNSET:
            field_dict["tags"] = tags
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_connect_session_request_metadata_type_0 import CreateConnectSessionRequestMetadataType0  # noqa: PLC0415
        from ..models.create_connect_session_request_scopes_type_0 import CreateConnectSessionRequestScopesType0  # noqa: PLC0415
        from ..models.create_connect_session_request_tags_type_0 import CreateConnectSessionRequestTagsType0  # noqa: PLC0415
        from ..models.end_user import EndUser  # noqa: PLC0415

        d = dict(src_dict)
        end_user = EndUser.from_dict(d.pop("end_user"))

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

        def _parse_allowed_origins(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                allowed_origins_type_0 = cast(list[str], data)

                return allowed_origins_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        allowed_origins = _parse_allowed_origins(d.pop("allowed_origins", UNSET))

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

        def _parse_metadata(data: object) -> CreateConnectSessionRequestMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CreateConnectSessionRequestMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateConnectSessionRequestMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_scopes(data: object) -> CreateConnectSessionRequestScopesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                scopes_type_0 = CreateConnectSessionRequestScopesType0.from_dict(data)

                return scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateConnectSessionRequestScopesType0 | None | Unset, data)

        scopes = _parse_scopes(d.pop("scopes", UNSET))

        def _parse_success_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        success_url = _parse_success_url(d.pop("success_url", UNSET))

        def _parse_tags(data: object) -> CreateConnectSessionRequestTagsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tags_type_0 = CreateConnectSessionRequestTagsType0.from_dict(data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateConnectSessionRequestTagsType0 | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_ttl_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ttl_seconds = _parse_ttl_seconds(d.pop("ttl_seconds", UNSET))

        create_connect_session_request = cls(
            end_user=end_user,
            allowed_apps=allowed_apps,
            allowed_origins=allowed_origins,
            connection_id=connection_id,
            error_url=error_url,
            metadata=metadata,
            scopes=scopes,
            success_url=success_url,
            tags=tags,
            ttl_seconds=ttl_seconds,
        )

        return create_connect_session_request
