from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.auth_type import AuthType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_spec import FieldSpec
    from ..models.inject_basic import InjectBasic
    from ..models.inject_header import InjectHeader
    from ..models.inject_query import InjectQuery
    from ..models.o_auth_2_spec import OAuth2Spec


T = TypeVar("T", bound="AppAuth")


@_attrs_define
class AppAuth:
    """How an app's connections authenticate and how their credentials reach the app.

    Attributes:
        inject (list[InjectBasic | InjectHeader | InjectQuery]): How credentials go into outbound requests.
        type_ (AuthType): An app's authentication scheme: `oauth2` (tokens from the provider) or a
            key-based one (`api_key`, `basic`, `custom`: credential fields the user enters).
        fields (list[FieldSpec] | Unset): Credential fields. Empty for `oauth2` authorization-code apps, where the
            tokens
            are the credentials; `oauth2` client-credentials apps may declare `client_id`
            and `client_secret` fields to hold each connection's own client.
        oauth2 (None | OAuth2Spec | Unset): OAuth 2.0 settings: required when `type` is `oauth2`, refused otherwise.
            `null` when not set.
    """

    inject: list[InjectBasic | InjectHeader | InjectQuery]
    type_: AuthType
    fields: list[FieldSpec] | Unset = UNSET
    oauth2: None | OAuth2Spec | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.inject_header import InjectHeader  # noqa: PLC0415
        from ..models.inject_query import InjectQuery  # noqa: PLC0415
        from ..models.o_auth_2_spec import OAuth2Spec  # noqa: PLC0415

        inject = []
        for inject_item_data in self.inject:
            inject_item: dict[str, Any]
            if isinstance(inject_item_data, InjectHeader):
                inject_item = inject_item_data.to_dict()
            elif isinstance(inject_item_data, InjectQuery):
                inject_item = inject_item_data.to_dict()
            else:
                inject_item = inject_item_data.to_dict()

            inject.append(inject_item)

        type_ = self.type_.value

        fields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = []
            for fields_item_data in self.fields:
                fields_item = fields_item_data.to_dict()
                fields.append(fields_item)

        oauth2: dict[str, Any] | None | Unset
        if isinstance(self.oauth2, Unset):
            oauth2 = UNSET
        elif isinstance(self.oauth2, OAuth2Spec):
            oauth2 = self.oauth2.to_dict()
        else:
            oauth2 = self.oauth2

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "inject": inject,
                "type": type_,
            }
        )
        if fields is not UNSET:
            field_dict["fields"] = fields
        if oauth2 is not UNSET:
            field_dict["oauth2"] = oauth2

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_spec import FieldSpec  # noqa: PLC0415
        from ..models.inject_basic import InjectBasic  # noqa: PLC0415
        from ..models.inject_header import InjectHeader  # noqa: PLC0415
        from ..models.inject_query import InjectQuery  # noqa: PLC0415
        from ..models.o_auth_2_spec import OAuth2Spec  # noqa: PLC0415

        d = dict(src_dict)
        inject = []
        _inject = d.pop("inject")
        for inject_item_data in _inject:

            def _parse_inject_item(data: object) -> InjectBasic | InjectHeader | InjectQuery:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_inject_rule_type_0 = InjectHeader.from_dict(data)

                    return componentsschemas_inject_rule_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_inject_rule_type_1 = InjectQuery.from_dict(data)

                    return componentsschemas_inject_rule_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_inject_rule_type_2 = InjectBasic.from_dict(data)

                return componentsschemas_inject_rule_type_2

            inject_item = _parse_inject_item(inject_item_data)

            inject.append(inject_item)

        type_ = AuthType(d.pop("type"))

        _fields = d.pop("fields", UNSET)
        fields: list[FieldSpec] | Unset = UNSET
        if _fields is not UNSET:
            fields = []
            for fields_item_data in _fields:
                fields_item = FieldSpec.from_dict(fields_item_data)

                fields.append(fields_item)

        def _parse_oauth2(data: object) -> None | OAuth2Spec | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                oauth2_type_1 = OAuth2Spec.from_dict(data)

                return oauth2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OAuth2Spec | Unset, data)

        oauth2 = _parse_oauth2(d.pop("oauth2", UNSET))

        app_auth = cls(
            inject=inject,
            type_=type_,
            fields=fields,
            oauth2=oauth2,
        )

        return app_auth
