from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.automation_usage import AutomationUsage
    from ..models.problem_errors import ProblemErrors


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """An RFC 9457 problem document, returned as `application/problem+json` for every error.

    Attributes:
        code (ErrorCode): A problem's stable machine-readable code. New codes may be added; treat an unknown one by its
            HTTP status.
        status (int): The HTTP status code.
        title (str): Short human-readable summary of the problem type.
        type_ (str): A URI naming the problem type (`urn:switchboard:problem:<code>`).
        automations (list[AutomationUsage] | None | Unset): For `connection_in_use`: the active automations that would
            be paused.
        detail (None | str | Unset): Human-readable explanation of this occurrence.
        errors (ProblemErrors | Unset): Per-field messages, keyed by field path (`fields.token`, `name`).
        request_id (None | str | Unset): The request id, to find the request in the server log.
    """

    code: ErrorCode
    status: int
    title: str
    type_: str
    automations: list[AutomationUsage] | None | Unset = UNSET
    detail: None | str | Unset = UNSET
    errors: ProblemErrors | Unset = UNSET
    request_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        status = self.status

        title = self.title

        type_ = self.type_

        automations: list[dict[str, Any]] | None | Unset
        if isinstance(self.automations, Unset):
            automations = UNSET
        elif isinstance(self.automations, list):
            automations = []
            for automations_type_0_item_data in self.automations:
                automations_type_0_item = automations_type_0_item_data.to_dict()
                automations.append(automations_type_0_item)

        else:
            automations = self.automations

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        errors: dict[str, Any] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = self.errors.to_dict()

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if automations is not UNSET:
            field_dict["automations"] = automations
        if detail is not UNSET:
            field_dict["detail"] = detail
        if errors is not UNSET:
            field_dict["errors"] = errors
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.automation_usage import AutomationUsage  # noqa: PLC0415
        from ..models.problem_errors import ProblemErrors  # noqa: PLC0415

        d = dict(src_dict)
        code = ErrorCode(d.pop("code"))

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        def _parse_automations(data: object) -> list[AutomationUsage] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                automations_type_0 = []
                _automations_type_0 = data
                for automations_type_0_item_data in _automations_type_0:
                    automations_type_0_item = AutomationUsage.from_dict(automations_type_0_item_data)

                    automations_type_0.append(automations_type_0_item)

                return automations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[AutomationUsage] | None | Unset, data)

        automations = _parse_automations(d.pop("automations", UNSET))

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        _errors = d.pop("errors", UNSET)
        errors: ProblemErrors | Unset
        if isinstance(_errors, Unset):
            errors = UNSET
        else:
            errors = ProblemErrors.from_dict(_errors)

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        problem = cls(
            code=code,
            status=status,
            title=title,
            type_=type_,
            automations=automations,
            detail=detail,
            errors=errors,
            request_id=request_id,
        )

        problem.additional_properties = d
        return problem

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
