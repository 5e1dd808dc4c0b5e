from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldSpec")


@_attrs_define
class FieldSpec:
    """One credential field of an app.

    Attributes:
        key (str): The field's key in `fields` and in `{{key}}` templates: snake_case, 1–64 characters.
        label (str): The input's label in the web app; also names the field in error messages.
        required (bool): A value must be given (`default` counts as one).
        secret (bool): Secret fields are encrypted at rest, masked in responses and shown only by reveal.
        default (None | str | Unset): The value used when none is given.
        help_ (None | str | Unset): A hint shown with the input, e.g. where to find the value.
        pattern (None | str | Unset): A regular expression the value must match.
    """

    key: str
    label: str
    required: bool
    secret: bool
    default: None | str | Unset = UNSET
    help_: None | str | Unset = UNSET
    pattern: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        label = self.label

        required = self.required

        secret = self.secret

        default: None | str | Unset
        if isinstance(self.default, Unset):
            default = UNSET
        else:
            default = self.default

        help_: None | str | Unset
        if isinstance(self.help_, Unset):
            help_ = UNSET
        else:
            help_ = self.help_

        pattern: None | str | Unset
        if isinstance(self.pattern, Unset):
            pattern = UNSET
        else:
            pattern = self.pattern

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "key": key,
                "label": label,
                "required": required,
                "secret": secret,
            }
        )
        if default is not UNSET:
            field_dict["default"] = default
        if help_ is not UNSET:
            field_dict["help"] = help_
        if pattern is not UNSET:
            field_dict["pattern"] = pattern

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        label = d.pop("label")

        required = d.pop("required")

        secret = d.pop("secret")

        def _parse_default(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default = _parse_default(d.pop("default", UNSET))

        def _parse_help_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        help_ = _parse_help_(d.pop("help", UNSET))

        def _parse_pattern(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pattern = _parse_pattern(d.pop("pattern", UNSET))

        field_spec = cls(
            key=key,
            label=label,
            required=required,
            secret=secret,
            default=default,
            help_=help_,
            pattern=pattern,
        )

        return field_spec
