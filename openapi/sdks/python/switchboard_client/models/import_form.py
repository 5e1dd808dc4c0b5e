from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.import_source import ImportSource
from ..models.on_conflict import OnConflict
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="ImportForm")


@_attrs_define
class ImportForm:
    """`POST /api/v1/connections/import` (`multipart/form-data`).

    Attributes:
        file (File): The export file.
        from_ (ImportSource | Unset): The kind of file an import reads.
        on_conflict (OnConflict | Unset): What an import does with an item that is already in the account: a connection
            imported before from the same file, or one of the same app with the same name
            (automations: the same name).
        passphrase (str | Unset): The passphrase the file was exported with (Switchboard exports).
    """

    file: File
    from_: ImportSource | Unset = UNSET
    on_conflict: OnConflict | Unset = UNSET
    passphrase: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        from_: str | Unset = UNSET
        if not isinstance(self.from_, Unset):
            from_ = self.from_.value

        on_conflict: str | Unset = UNSET
        if not isinstance(self.on_conflict, Unset):
            on_conflict = self.on_conflict.value

        passphrase = self.passphrase

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if from_ is not UNSET:
            field_dict["from"] = from_
        if on_conflict is not UNSET:
            field_dict["on_conflict"] = on_conflict
        if passphrase is not UNSET:
            field_dict["passphrase"] = passphrase

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.from_, Unset):
            files.append(("from", (None, str(self.from_.value).encode(), "text/plain")))

        if not isinstance(self.on_conflict, Unset):
            files.append(("on_conflict", (None, str(self.on_conflict.value).encode(), "text/plain")))

        if not isinstance(self.passphrase, Unset):
            files.append(("passphrase", (None, str(self.passphrase).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        _from_ = d.pop("from", UNSET)
        from_: ImportSource | Unset
        if isinstance(_from_, Unset):
            from_ = UNSET
        else:
            from_ = ImportSource(_from_)

        _on_conflict = d.pop("on_conflict", UNSET)
        on_conflict: OnConflict | Unset
        if isinstance(_on_conflict, Unset):
            on_conflict = UNSET
        else:
            on_conflict = OnConflict(_on_conflict)

        passphrase = d.pop("passphrase", UNSET)

        import_form = cls(
            file=file,
            from_=from_,
            on_conflict=on_conflict,
            passphrase=passphrase,
        )

        import_form.additional_properties = d
        return import_form

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
