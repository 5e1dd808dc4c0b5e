from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.import_item import ImportItem


T = TypeVar("T", bound="ImportReport")


@_attrs_define
class ImportReport:
    """The answer to an import: counts by outcome, and every item.

    Attributes:
        created (int): Items created.
        failed (int): Items not imported (see each item's reason).
        items (list[ImportItem]): Every item, in the order of the file (apps, connections, automations).
        renamed (int): Items created under another name.
        replaced (int): Items whose credentials (automations: connections) were overwritten.
        skipped (int): Items left as they were (already here).
    """

    created: int
    failed: int
    items: list[ImportItem]
    renamed: int
    replaced: int
    skipped: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        failed = self.failed

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        renamed = self.renamed

        replaced = self.replaced

        skipped = self.skipped

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "failed": failed,
                "items": items,
                "renamed": renamed,
                "replaced": replaced,
                "skipped": skipped,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_item import ImportItem  # noqa: PLC0415

        d = dict(src_dict)
        created = d.pop("created")

        failed = d.pop("failed")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ImportItem.from_dict(items_item_data)

            items.append(items_item)

        renamed = d.pop("renamed")

        replaced = d.pop("replaced")

        skipped = d.pop("skipped")

        import_report = cls(
            created=created,
            failed=failed,
            items=items,
            renamed=renamed,
            replaced=replaced,
            skipped=skipped,
        )

        import_report.additional_properties = d
        return import_report

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
