from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.app_auth import AppAuth
    from ..models.identity_request import IdentityRequest
    from ..models.import_mappings import ImportMappings
    from ..models.rate_limit import RateLimit
    from ..models.test_request import TestRequest


T = TypeVar("T", bound="AppDefinition")


@_attrs_define
class AppDefinition:
    """An app definition: the catalog's data-file format, also accepted by
    `POST /api/v1/apps` and `PUT /api/v1/apps/{slug}` and returned by `GET /api/v1/apps/{slug}`.

        Attributes:
            auth (AppAuth): How an app's connections authenticate and how their credentials reach the app.
            base_url (str): API base URL; may hold `{{field}}` templates over non-secret fields (per-tenant hosts).
            category (str): Catalog category (`communication`, `payments`, …), 1–64 characters.
            name (str): Display name, 1–100 characters.
            rate_limit (RateLimit): `{requests, per_seconds, burst}`.
            slug (str): Lowercase identifier, `a-z`, `0-9` and `-`, 2–64 characters.
            description (str | Unset): What the app is for, in a sentence; up to 500 characters.
            docs_url (None | str | Unset): The provider's API documentation.
            health_check_interval_seconds (int | None | Unset): Seconds between scheduled health checks of a connection (its
                `test` request;
                for OAuth2 apps, a refresh of a refresh token idle that long, at most a day).
                Absent: a day. 300 (5 minutes) to 2,592,000 (30 days). Default: 86400.
            identity (IdentityRequest | None | Unset): Finds the connected account's name (a connection's `identity`);
                optional. `null` when not set.
            import_ (ImportMappings | None | Unset): How credentials from other tools map onto this app (`switchboard import
                --from n8n`). `null` when not set.
            rate_limit_note (None | str | Unset): Where `rate_limit` comes from, in words (the provider's published limits).
            test (None | TestRequest | Unset): Checks credentials when a connection is added, reconnected or tested;
                without it, credentials are saved untested. `null` when not set.
    """

    auth: AppAuth
    base_url: str
    category: str
    name: str
    rate_limit: RateLimit
    slug: str
    description: str | Unset = UNSET
    docs_url: None | str | Unset = UNSET
    health_check_interval_seconds: int | None | Unset = 86400
    identity: IdentityRequest | None | Unset = UNSET
    import_: ImportMappings | None | Unset = UNSET
    rate_limit_note: None | str | Unset = UNSET
    test: None | TestRequest | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.identity_request import IdentityRequest  # noqa: PLC0415
        from ..models.import_mappings import ImportMappings  # noqa: PLC0415
        from ..models.test_request import TestRequest  # noqa: PLC0415

        auth = self.auth.to_dict()

        base_url = self.base_url

        category = self.category

        name = self.name

        rate_limit = self.rate_limit.to_dict()

        slug = self.slug

        description = self.description

        docs_url: None | str | Unset
        if isinstance(self.docs_url, Unset):
            docs_url = UNSET
        else:
            docs_url = self.docs_url

        health_check_interval_seconds: int | None | Unset
        if isinstance(self.health_check_interval_seconds, Unset):
            health_check_interval_seconds = UNSET
        else:
            health_check_interval_seconds = self.health_check_interval_seconds

        identity: dict[str, Any] | None | Unset
        if isinstance(self.identity, Unset):
            identity = UNSET
        elif isinstance(self.identity, IdentityRequest):
            identity = self.identity.to_dict()
        else:
            identity = self.identity

        import_: dict[str, Any] | None | Unset
        if isinstance(self.import_, Unset):
            import_ = UNSET
        elif isinstance(self.import_, ImportMappings):
            import_ = self.import_.to_dict()
        else:
            import_ = self.import_

        rate_limit_note: None | str | Unset
        if isinstance(self.rate_limit_note, Unset):
            rate_limit_note = UNSET
        else:
            rate_limit_note = self.rate_limit_note

        test: dict[str, Any] | None | Unset
        if isinstance(self.test, Unset):
            test = UNSET
        elif isinstance(self.test, TestRequest):
            test = self.test.to_dict()
        else:
            test = self.test

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "auth": auth,
                "base_url": base_url,
                "category": category,
                "name": name,
                "rate_limit": rate_limit,
                "slug": slug,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if docs_url is not UNSET:
            field_dict["docs_url"] = docs_url
        if health_check_interval_seconds is not UNSET:
            field_dict["health_check_interval_seconds"] = health_check_interval_seconds
        if identity is not UNSET:
            field_dict["identity"] = identity
        if import_ is not UNSET:
            field_dict["import"] = import_
        if rate_limit_note is not UNSET:
            field_dict["rate_limit_note"] = rate_limit_note
        if test is not UNSET:
            field_dict["test"] = test

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.app_auth import AppAuth  # noqa: PLC0415
        from ..models.identity_request import IdentityRequest  # noqa: PLC0415
        from ..models.import_mappings import ImportMappings  # noqa: PLC0415
        from ..models.rate_limit import RateLimit  # noqa: PLC0415
        from ..models.test_request import TestRequest  # noqa: PLC0415

        d = dict(src_dict)
        auth = AppAuth.from_dict(d.pop("auth"))

        base_url = d.pop("base_url")

        category = d.pop("category")

        name = d.pop("name")

        rate_limit = RateLimit.from_dict(d.pop("rate_limit"))

        slug = d.pop("slug")

        description = d.pop("description", UNSET)

        def _parse_docs_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        docs_url = _parse_docs_url(d.pop("docs_url", UNSET))

        def _parse_health_check_interval_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        health_check_interval_seconds = _parse_health_check_interval_seconds(
            d.pop("health_check_interval_seconds", UNSET)
        )

        def _parse_identity(data: object) -> IdentityRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                identity_type_1 = IdentityRequest.from_dict(data)

                return identity_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IdentityRequest | None | Unset, data)

        identity = _parse_identity(d.pop("identity", UNSET))

        def _parse_import_(data: object) -> ImportMappings | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                import_type_1 = ImportMappings.from_dict(data)

                return import_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportMappings | None | Unset, data)

        import_ = _parse_import_(d.pop("import", UNSET))

        def _parse_rate_limit_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rate_limit_note = _parse_rate_limit_note(d.pop("rate_limit_note", UNSET))

        def _parse_test(data: object) -> None | TestRequest | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                test_type_1 = TestRequest.from_dict(data)

                return test_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TestRequest | Unset, data)

        test = _parse_test(d.pop("test", UNSET))

        app_definition = cls(
            auth=auth,
            base_url=base_url,
            category=category,
            name=name,
            rate_limit=rate_limit,
            slug=slug,
            description=description,
            docs_url=docs_url,
            health_check_interval_seconds=health_check_interval_seconds,
            identity=identity,
            import_=import_,
            rate_limit_note=rate_limit_note,
            test=test,
        )

        return app_definition
