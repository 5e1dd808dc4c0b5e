from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.n8n_mapping import N8NMapping


T = TypeVar("T", bound="ImportMappings")


@_attrs_define
class ImportMappings:
    """How credentials exported from other tools become connections of an app.

    Attributes:
        n8n (list[N8NMapping] | Unset): n8n credential types this app takes (`n8n export:credentials --decrypted`).
    """

    n8n: list[N8NMapping] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        n8n: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.n8n, Unset):
            n8n = []
            for n8n_item_data in self.n8n:
                n8n_item = n8n_item_data.to_dict()
                n8n.append(n8n_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if n8n is not UNSET:
            field_dict["n8n"] = n8n

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.n8n_mapping import N8NMapping  # noqa: PLC0415

        d = dict(src_dict)
        _n8n = d.pop("n8n", UNSET)
        n8n: list[N8NMapping] | Unset = UNSET
        if _n8n is not UNSET:
            n8n = []
            for n8n_item_data in _n8n:
                n8n_item = N8NMapping.from_dict(n8n_item_data)

                n8n.append(n8n_item)

        import_mappings = cls(
            n8n=n8n,
        )

        return import_mappings
