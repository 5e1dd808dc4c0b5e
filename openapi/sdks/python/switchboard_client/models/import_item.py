from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_item_kind import ImportItemKind
from ..models.import_outcome import ImportOutcome
from ..types import UNSET, Unset

T = TypeVar("T", bound="ImportItem")


@_attrs_define
class ImportItem:
    """One item of an import and what became of it.

    Attributes:
        kind (ImportItemKind): The kind of an imported item.
        name (str): Its name (as stored here when it was created, renamed or replaced).
        outcome (ImportOutcome): What became of an imported item.
        app (None | str | Unset): The app slug (connections and apps).
        id (None | str | Unset): Its id here (connections, automations) or slug (apps), when there is one.
        reason (None | str | Unset): Why it was skipped, renamed, replaced or failed.
    """

    kind: ImportItemKind
    name: str
    outcome: ImportOutcome
    app: None | str | Unset = UNSET
    id: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        name = self.name

        outcome = self.outcome.value

        app: None | str | Unset
        if isinstance(self.app, Unset):
            app = UNSET
        else:
            app = self.app

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "name": name,
                "outcome": outcome,
            }
        )
        if app is not UNSET:
            field_dict["app"] = app
        if id is not UNSET:
            field_dict["id"] = id
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = ImportItemKind(d.pop("kind"))

        name = d.pop("name")

        outcome = ImportOutcome(d.pop("outcome"))

        def _parse_app(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app = _parse_app(d.pop("app", UNSET))

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        import_item = cls(
            kind=kind,
            name=name,
            outcome=outcome,
            app=app,
            id=id,
            reason=reason,
        )

        import_item.additional_properties = d
        return import_item

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
