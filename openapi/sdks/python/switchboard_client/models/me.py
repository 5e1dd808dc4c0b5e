from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.api_scope import ApiScope
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account import Account
    from ..models.user import User


T = TypeVar("T", bound="Me")


@_attrs_define
class Me:
    """`GET /api/v1/me`: who is calling.

    Attributes:
        account (Account): An account (tenant).
        system_admin (bool): `true` for administrators of the system account (never with an API key).
        user (User): A user of an account.
        api_key_scopes (list[ApiScope] | None | Unset): Scopes of the API key, when the caller authenticated with one.
    """

    account: Account
    system_admin: bool
    user: User
    api_key_scopes: list[ApiScope] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account.to_dict()

        system_admin = self.system_admin

        user = self.user.to_dict()

        api_key_scopes: list[str] | None | Unset
        if isinstance(self.api_key_scopes, Unset):
            api_key_scopes = UNSET
        elif isinstance(self.api_key_scopes, list):
            api_key_scopes = []
            for api_key_scopes_type_0_item_data in self.api_key_scopes:
                api_key_scopes_type_0_item = api_key_scopes_type_0_item_data.value
                api_key_scopes.append(api_key_scopes_type_0_item)

        else:
            api_key_scopes = self.api_key_scopes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "system_admin": system_admin,
                "user": user,
            }
        )
        if api_key_scopes is not UNSET:
            field_dict["api_key_scopes"] = api_key_scopes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account import Account  # noqa: PLC0415
        from ..models.user import User  # noqa: PLC0415

        d = dict(src_dict)
        account = Account.from_dict(d.pop("account"))

        system_admin = d.pop("system_admin")

        user = User.from_dict(d.pop("user"))

        def _parse_api_key_scopes(data: object) -> list[ApiScope] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                api_key_scopes_type_0 = []
                _api_key_scopes_type_0 = data
                for api_key_scopes_type_0_item_data in _api_key_scopes_type_0:
                    api_key_scopes_type_0_item = ApiScope(api_key_scopes_type_0_item_data)

                    api_key_scopes_type_0.append(api_key_scopes_type_0_item)

                return api_key_scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ApiScope] | None | Unset, data)

        api_key_scopes = _parse_api_key_scopes(d.pop("api_key_scopes", UNSET))

        me = cls(
            account=account,
            system_admin=system_admin,
            user=user,
            api_key_scopes=api_key_scopes,
        )

        me.additional_properties = d
        return me

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
