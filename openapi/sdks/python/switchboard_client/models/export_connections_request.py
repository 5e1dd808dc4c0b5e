from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExportConnectionsRequest")


@_attrs_define
class ExportConnectionsRequest:
    """`POST /api/v1/connections/export`.

    Attributes:
        passphrase (str): Encrypts the file (age, scrypt); at least 10 characters. Whoever imports the
            file needs it.
        current_password (None | str | Unset): The acting user's password: an export holds every credential in clear,
            protected only by the passphrase.
    """

    passphrase: str
    current_password: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        passphrase = self.passphrase

        current_password: None | str | Unset
        if isinstance(self.current_password, Unset):
            current_password = UNSET
        else:
            current_password = self.current_password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "passphrase": passphrase,
            }
        )
        if current_password is not UNSET:
            field_dict["current_password"] = current_password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        passphrase = d.pop("passphrase")

        def _parse_current_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current_password = _parse_current_password(d.pop("current_password", UNSET))

        export_connections_request = cls(
            passphrase=passphrase,
            current_password=current_password,
        )

        return export_connections_request
