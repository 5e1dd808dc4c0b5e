from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_connection_request_config_type_0 import CreateConnectionRequestConfigType0
    from ..models.create_connection_request_fields import CreateConnectionRequestFields
    from ..models.create_connection_request_metadata_type_0 import CreateConnectionRequestMetadataType0
    from ..models.create_connection_request_tags_type_0 import CreateConnectionRequestTagsType0
    from ..models.imported_tokens import ImportedTokens


T = TypeVar("T", bound="CreateConnectionRequest")


@_attrs_define
class CreateConnectionRequest:
    """`POST /api/v1/connections`.

    Attributes:
        app (str): The app's slug.
        config (CreateConnectionRequestConfigType0 | None | Unset): With `oauth`: the config values the app captures at
            sign-in (its
            `auth.oauth2.capture` names, e.g. `{"instance_url": "https://acme.my.salesforce.com"}`),
            which imported tokens cannot bring otherwise.
        fields (CreateConnectionRequestFields | Unset): Credential field values by key, as the app's schema declares
            them.
        metadata (CreateConnectionRequestMetadataType0 | None | Unset): A JSON object for the platform's own use, up to
            16 KB.
        name (None | str | Unset): Ignored for the first connection of an app (always `Default`); required afterwards.
        oauth (ImportedTokens | None | Unset): OAuth2 sign-in apps: tokens the platform already holds, instead of
            `fields`
            (API keys need `connections:import` too). Refreshed with the app's client. `null` when not set.
        tags (CreateConnectionRequestTagsType0 | None | Unset): Up to 20 tags: keys `[a-z0-9_.-]{1,64}`, values up to
            256 characters.
        test (bool | None | Unset): Run the app's test request before saving (default `true`).
    """

    app: str
    config: CreateConnectionRequestConfigType0 | None | Unset = UNSET
    fields: CreateConnectionRequestFields | Unset = UNSET
    metadata: CreateConnectionRequestMetadataType0 | None | Unset = UNSET
    name: None | str | Unset = UNSET
    oauth: ImportedTokens | None | Unset = UNSET
    tags: CreateConnectionRequestTagsType0 | None | Unset = UNSET
    test: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_connection_request_config_type_0 import CreateConnectionRequestConfigType0  # noqa: PLC0415
        from ..models.create_connection_request_metadata_type_0 import CreateConnectionRequestMetadataType0  # noqa: PLC0415
        from ..models.create_connection_request_tags_type_0 import CreateConnectionRequestTagsType0  # noqa: PLC0415
        from ..models.imported_tokens import ImportedTokens  # noqa: PLC0415

        app = self.app

        config: dict[str, Any] | None | Unset
        if isinstance(self.config, Unset):
            config = UNSET
        elif isinstance(self.config, CreateConnectionRequestConfigType0):
            config = self.config.to_dict()
        else:
            config = self.config

        fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields.to_dict()

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CreateConnectionRequestMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        oauth: dict[str, Any] | None | Unset
        if isinstance(self.oauth, Unset):
            oauth = UNSET
        elif isinstance(self.oauth, ImportedTokens):
            oauth = self.oauth.to_dict()
        else:
            oauth = self.oauth

        tags: dict[str, Any] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, CreateConnectionRequestTagsType0):
            tags = self.tags.to_dict()
        else:
            tags = self.tags

        test: bool | None | Unset
        if isinstance(self.test, Unset):
            test = UNSET
        else:
            test = self.test

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "app": app,
            }
        )
        if config is not UNSET:
            field_dict["config"] = config
        if fields is not UNSET:
            field_dict["fields"] = fields
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if name is not UNSET:
            field_dict["name"] = name
        if oauth is not UNSET:
            field_dict["oauth"] = oauth
        if tags is not UNSET:
            field_dict["tags"] = tags
        if test is not UNSET:
            field_dict["test"] = test

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_connection_request_config_type_0 import CreateConnectionRequestConfigType0  # noqa: PLC0415
        from ..models.create_connection_request_fields import CreateConnectionRequestFields  # noqa: PLC0415
        from ..models.create_connection_request_metadata_type_0 import CreateConnectionRequestMetadataType0  # noqa: PLC0415
        from ..models.create_connection_request_tags_type_0 import CreateConnectionRequestTagsType0  # noqa: PLC0415
        from ..models.imported_tokens import ImportedTokens  # noqa: PLC0415

        d = dict(src_dict)
        app = d.pop("app")

        def _parse_config(data: object) -> CreateConnectionRequestConfigType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_0 = CreateConnectionRequestConfigType0.from_dict(data)

                return config_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateConnectionRequestConfigType0 | None | Unset, data)

        config = _parse_config(d.pop("config", UNSET))

        _fields = d.pop("fields", UNSET)
        fields: CreateConnectionRequestFields | Unset
        if isinstance(_fields, Unset):
            fields = UNSET
        else:
            fields = CreateConnectionRequestFields.from_dict(_fields)

        def _parse_metadata(data: object) -> CreateConnectionRequestMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CreateConnectionRequestMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateConnectionRequestMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_oauth(data: object) -> ImportedTokens | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                oauth_type_1 = ImportedTokens.from_dict(data)

                return oauth_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportedTokens | None | Unset, data)

        oauth = _parse_oauth(d.pop("oauth", UNSET))

        def _parse_tags(data: object) -> CreateConnectionRequestTagsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tags_type_0 = CreateConnectionRequestTagsType0.from_dict(data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateConnectionRequestTagsType0 | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_test(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        test = _parse_test(d.pop("test", UNSET))

        create_connection_request = cls(
            app=app,
            config=config,
            fields=fields,
            metadata=metadata,
            name=name,
            oauth=oauth,
            tags=tags,
            test=test,
        )

        return create_connection_request
