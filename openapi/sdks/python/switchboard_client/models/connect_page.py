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
    from ..models.connect_app import ConnectApp
    from ..models.connect_reconnect import ConnectReconnect
    from ..models.end_user import EndUser


T = TypeVar("T", bound="ConnectPage")


@_attrs_define
class ConnectPage:
    """`GET /api/v1/connect/page`: what the hosted page shows (with the session's token).

    Attributes:
        account_name (str): The platform (the account's name).
        allowed_origins (list[str]): Origins the page posts the outcome to (its opener's, when it matches).
        apps (list[ConnectApp]): The apps it offers, by name.
        end_user (EndUser): The platform's end user a connection is made for.
        expires_at (datetime.datetime): When the token stops working (UTC).
        session_id (UUID): A connect session (an end user's hosted connect page).
        status (ConnectSessionStatus): Where a connect session is.
        error_url (None | str | Unset): Where the page sends the browser when connecting failed or was cancelled.
        last_error (None | str | Unset): The problem code of the last failed attempt, if any.
        reconnect (ConnectReconnect | None | Unset): A reconnect: the connection's id and name (its app is the one app
            offered). `null` when not set.
        result_connection_id (None | Unset | UUID): The connection made or reconnected, once used. `null` when not set.
        success_url (None | str | Unset): Where the page sends the browser after connecting.
    """

    account_name: str
    allowed_origins: list[str]
    apps: list[ConnectApp]
    end_user: EndUser
    expires_at: datetime.datetime
    session_id: UUID
    status: ConnectSessionStatus
    error_url: None | str | Unset = UNSET
    last_error: None | str | Unset = UNSET
    reconnect: ConnectReconnect | None | Unset = UNSET
    result_connection_id: None | Unset | UUID = UNSET
    success_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.connect_reconnect import ConnectReconnect  # noqa: PLC0415

        account_name = self.account_name

        allowed_origins = self.allowed_origins

        apps = []
        for apps_item_data in self.apps:
            apps_item = apps_item_data.to_dict()
            apps.append(apps_item)

        end_user = self.end_user.to_dict()

        expires_at = self.expires_at.isoformat()

        session_id = str(self.session_id)

        status = self.status.value

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

        reconnect: dict[str, Any] | None | Unset
        if isinstance(self.reconnect, Unset):
            reconnect = UNSET
        elif isinstance(self.reconnect, ConnectReconnect):
            reconnect = self.reconnect.to_dict()
        else:
            reconnect = self.reconnect

        result_connection_id: None | str | Unset
        if isinstance(self.result_connection_id, Unset):
            result_connection_id = UNSET
        elif isinstance(self.result_connection_id, UUID):
            result_connection_id = str(self.result_connection_id)
        else:
            result_connection_id = self.result_connection_id

        success_url: None | str | Unset
        if isinstance(self.success_url, Unset):
            success_url = UNSET
        else:
            success_url = self.success_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_name": account_name,
                "allowed_origins": allowed_origins,
                "apps": apps,
                "end_user": end_user,
                "expires_at": expires_at,
                "session_id": session_id,
                "status": status,
            }
        )
        if error_url is not UNSET:
            field_dict["error_url"] = error_url
        if last_error is not UNSET:
            field_dict["last_error"] = last_error
        if reconnect is not UNSET:
            field_dict["reconnect"] = reconnect
        if result_connection_id is not UNSET:
            field_dict["result_connection_id"] = result_connection_id
        if success_url is not UNSET:
            field_dict["success_url"] = success_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connect_app import ConnectApp  # noqa: PLC0415
        from ..models.connect_reconnect import ConnectReconnect  # noqa: PLC0415
        from ..models.end_user import EndUser  # noqa: PLC0415

        d = dict(src_dict)
        account_name = d.pop("account_name")

        allowed_origins = cast(list[str], d.pop("allowed_origins"))

        apps = []
        _apps = d.pop("apps")
        for apps_item_data in _apps:
            apps_item = ConnectApp.from_dict(apps_item_data)

            apps.append(apps_item)

        end_user = EndUser.from_dict(d.pop("end_user"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        session_id = UUID(d.pop("session_id"))

        status = ConnectSessionStatus(d.pop("status"))

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

        def _parse_reconnect(data: object) -> ConnectReconnect | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reconnect_type_1 = ConnectReconnect.from_dict(data)

                return reconnect_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConnectReconnect | None | Unset, data)

        reconnect = _parse_reconnect(d.pop("reconnect", UNSET))

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

        def _parse_success_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        success_url = _parse_success_url(d.pop("success_url", UNSET))

        connect_page = cls(
            account_name=account_name,
            allowed_origins=allowed_origins,
            apps=apps,
            end_user=end_user,
            expires_at=expires_at,
            session_id=session_id,
            status=status,
            error_url=error_url,
            last_error=last_error,
            reconnect=reconnect,
            result_connection_id=result_connection_id,
            success_url=success_url,
        )

        connect_page.additional_properties = d
        return connect_page

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
