from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.capture_source_type_0 import CaptureSourceType0
    from ..models.capture_source_type_1 import CaptureSourceType1
    from ..models.capture_source_type_2 import CaptureSourceType2


T = TypeVar("T", bound="OAuth2SpecCapture")


@_attrs_define
class OAuth2SpecCapture:
    """Values the provider hands over at sign-in that the app's calls need, by
    config name (`[a-z0-9_]{1,64}`): stored on the connection as non-secret
    `config` and usable as `{{config.<name>}}` in `base_url`, request paths and
    injected headers, e.g. `{"instance_url": {"from": "token", "pointer": "/instance_url"}}`.

    """

    additional_properties: dict[str, CaptureSourceType0 | CaptureSourceType1 | CaptureSourceType2] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.capture_source_type_0 import CaptureSourceType0  # noqa: PLC0415
        from ..models.capture_source_type_1 import CaptureSourceType1  # noqa: PLC0415

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, CaptureSourceType0):
                field_dict[prop_name] = prop.to_dict()
            elif isinstance(prop, CaptureSourceType1):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.capture_source_type_0 import CaptureSourceType0  # noqa: PLC0415
        from ..models.capture_source_type_1 import CaptureSourceType1  # noqa: PLC0415
        from ..models.capture_source_type_2 import CaptureSourceType2  # noqa: PLC0415

        d = dict(src_dict)
        o_auth_2_spec_capture = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> CaptureSourceType0 | CaptureSourceType1 | CaptureSourceType2:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_capture_source_type_0 = CaptureSourceType0.from_dict(data)

                    return componentsschemas_capture_source_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_capture_source_type_1 = CaptureSourceType1.from_dict(data)

                    return componentsschemas_capture_source_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_capture_source_type_2 = CaptureSourceType2.from_dict(data)

                return componentsschemas_capture_source_type_2

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        o_auth_2_spec_capture.additional_properties = additional_properties
        return o_auth_2_spec_capture

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> CaptureSourceType0 | CaptureSourceType1 | CaptureSourceType2:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: CaptureSourceType0 | CaptureSourceType1 | CaptureSourceType2) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
