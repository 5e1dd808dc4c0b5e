from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.o_auth_2_grant import OAuth2Grant
from ..models.token_auth import TokenAuth
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.o_auth_2_spec_capture import OAuth2SpecCapture
    from ..models.o_auth_2_spec_extra_authorize_params import OAuth2SpecExtraAuthorizeParams


T = TypeVar("T", bound="OAuth2Spec")


@_attrs_define
class OAuth2Spec:
    """The OAuth 2.0 settings of an `oauth2` app.

    Attributes:
        grant (OAuth2Grant): How an OAuth 2.0 app's connections get tokens: `authorization_code` (a person
            signs in at the provider) or `client_credentials` (the client alone).
        token_url (str): The provider's token endpoint.
        authorize_url (None | str | Unset): The provider's authorization endpoint; required for `authorization_code`.
        capture (OAuth2SpecCapture | Unset): Values the provider hands over at sign-in that the app's calls need, by
            config name (`[a-z0-9_]{1,64}`): stored on the connection as non-secret
            `config` and usable as `{{config.<name>}}` in `base_url`, request paths and
            injected headers, e.g. `{"instance_url": {"from": "token", "pointer": "/instance_url"}}`.
        extra_authorize_params (OAuth2SpecExtraAuthorizeParams | Unset): More query parameters for the authorization URL
            (e.g. `access_type=offline`).
        optional_scopes (list[str] | Unset): More scopes a sign-in may ask for (`POST /oauth/authorize` with `scopes`).
        pkce (bool | None | Unset): Send a PKCE S256 challenge at sign-in (default `true`).
        revoke_url (None | str | Unset): RFC 7009 revocation endpoint; a deleted connection's token is revoked there.
        scope_separator (None | str | Unset): What joins `scopes` in the `scope` parameter (default a space).
        scopes (list[str] | Unset): Scopes to ask for: at sign-in, or in client-credentials token requests.
        token_auth (None | TokenAuth | Unset): How the client authenticates at the token endpoint (default
            `client_secret_post`). `null` when not set.
    """

    grant: OAuth2Grant
    token_url: str
    authorize_url: None | str | Unset = UNSET
    capture: OAuth2SpecCapture | Unset = UNSET
    extra_authorize_params: OAuth2SpecExtraAuthorizeParams | Unset = UNSET
    optional_scopes: list[str] | Unset = UNSET
    pkce: bool | None | Unset = UNSET
    revoke_url: None | str | Unset = UNSET
    scope_separator: None | str | Unset = UNSET
    scopes: list[str] | Unset = UNSET
    token_auth: None | TokenAuth | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        grant = self.grant.value

        token_url = self.token_url

        authorize_url: None | str | Unset
        if isinstance(self.authorize_url, Unset):
            authorize_url = UNSET
        else:
            authorize_url = self.authorize_url

        capture: dict[str, Any] | Unset = UNSET
        if not isinstance(self.capture, Unset):
            capture = self.capture.to_dict()

        extra_authorize_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.extra_authorize_params, Unset):
            extra_authorize_params = self.extra_authorize_params.to_dict()

        optional_scopes: list[str] | Unset = UNSET
        if not isinstance(self.optional_scopes, Unset):
            optional_scopes = self.optional_scopes

        pkce: bool | None | Unset
        if isinstance(self.pkce, Unset):
            pkce = UNSET
        else:
            pkce = self.pkce

        revoke_url: None | str | Unset
        if isinstance(self.revoke_url, Unset):
            revoke_url = UNSET
        else:
            revoke_url = self.revoke_url

        scope_separator: None | str | Unset
        if isinstance(self.scope_separator, Unset):
            scope_separator = UNSET
        else:
            scope_separator = self.scope_separator

        scopes: list[str] | Unset = UNSET
        if not isinstance(self.scopes, Unset):
            scopes = self.scopes

        token_auth: None | str | Unset
        if isinstance(self.token_auth, Unset):
            token_auth = UNSET
        elif isinstance(self.token_auth, TokenAuth):
            token_auth = self.token_auth.value
        else:
            token_auth = self.token_auth

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "grant": grant,
                "token_url": token_url,
            }
        )
        if authorize_url is not UNSET:
            field_dict["authorize_url"] = authorize_url
        if capture is not UNSET:
            field_dict["capture"] = capture
        if extra_authorize_params is not UNSET:
            field_dict["extra_authorize_params"] = extra_authorize_params
        if optional_scopes is not UNSET:
            field_dict["optional_scopes"] = optional_scopes
        if pkce is not UNSET:
            field_dict["pkce"] = pkce
        if revoke_url is not UNSET:
            field_dict["revoke_url"] = revoke_url
        if scope_separator is not UNSET:
            field_dict["scope_separator"] = scope_separator
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if token_auth is not UNSET:
            field_dict["token_auth"] = token_auth

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.o_auth_2_spec_capture import OAuth2SpecCapture  # noqa: PLC0415
        from ..models.o_auth_2_spec_extra_authorize_params import OAuth2SpecExtraAuthorizeParams  # noqa: PLC0415

        d = dict(src_dict)
        grant = OAuth2Grant(d.pop("grant"))

        token_url = d.pop("token_url")

        def _parse_authorize_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        authorize_url = _parse_authorize_url(d.pop("authorize_url", UNSET))

        _capture = d.pop("capture", UNSET)
        capture: OAuth2SpecCapture | Unset
        if isinstance(_capture, Unset):
            capture = UNSET
        else:
            capture = OAuth2SpecCapture.from_dict(_capture)

        _extra_authorize_params = d.pop("extra_authorize_params", UNSET)
        extra_authorize_params: OAuth2SpecExtraAuthorizeParams | Unset
        if isinstance(_extra_authorize_params, Unset):
            extra_authorize_params = UNSET
        else:
            extra_authorize_params = OAuth2SpecExtraAuthorizeParams.from_dict(_extra_authorize_params)

        optional_scopes = cast(list[str], d.pop("optional_scopes", UNSET))

        def _parse_pkce(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        pkce = _parse_pkce(d.pop("pkce", UNSET))

        def _parse_revoke_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        revoke_url = _parse_revoke_url(d.pop("revoke_url", UNSET))

        def _parse_scope_separator(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scope_separator = _parse_scope_separator(d.pop("scope_separator", UNSET))

        scopes = cast(list[str], d.pop("scopes", UNSET))

        def _parse_token_auth(data: object) -> None | TokenAuth | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                token_auth_type_1 = TokenAuth(data)

                return token_auth_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TokenAuth | Unset, data)

        token_auth = _parse_token_auth(d.pop("token_auth", UNSET))

        o_auth_2_spec = cls(
            grant=grant,
            token_url=token_url,
            authorize_url=authorize_url,
            capture=capture,
            extra_authorize_params=extra_authorize_params,
            optional_scopes=optional_scopes,
            pkce=pkce,
            revoke_url=revoke_url,
            scope_separator=scope_separator,
            scopes=scopes,
            token_auth=token_auth,
        )

        return o_auth_2_spec
