from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.event_order import EventOrder
from ...models.event_page import EventPage
from ...models.event_type import EventType
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: EventType | None | Unset = UNSET,
    connection_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    order: EventOrder | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, EventType):
        json_type_ = type_.value
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_connection_id: None | str | Unset
    if isinstance(connection_id, Unset):
        json_connection_id = UNSET
    elif isinstance(connection_id, UUID):
        json_connection_id = str(connection_id)
    else:
        json_connection_id = connection_id
    params["connection_id"] = json_connection_id

    params["limit"] = limit

    params["cursor"] = cursor

    json_order: None | str | Unset
    if isinstance(order, Unset):
        json_order = UNSET
    elif isinstance(order, EventOrder):
        json_order = order.value
    else:
        json_order = order
    params["order"] = json_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/events",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EventPage | Problem:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EventPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: EventType | None | Unset = UNSET,
    connection_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    order: EventOrder | None | Unset = UNSET,
) -> Response[EventPage | Problem]:
    """List lifecycle events

     Lifecycle events of the caller's account, oldest first: connections created,
    updated, reconnected, deleted, shared or unshared, needing a reconnect,
    recovered, failing their test or a refresh; automations paused; rate-limit
    overrides changed. Events are written in the same transaction as the change and
    kept for `SWITCHBOARD_EVENT_RETENTION_DAYS` (30). `next_cursor` is set whenever
    a page has events: keep it and ask again later for newer ones. With
    `order=desc` the newest come first (the last few events of a connection) and
    `next_cursor` pages back in time until a page is not full.

    API keys need the scope `connections:read`.

    Args:
        type_ (EventType | None | Unset):
        connection_id (None | Unset | UUID):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        order (EventOrder | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
    """

    kwargs = _get_kwargs(
        type_=type_,
        connection_id=connection_id,
        limit=limit,
        cursor=cursor,
        order=order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: EventType | None | Unset = UNSET,
    connection_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    order: EventOrder | None | Unset = UNSET,
) -> EventPage | Problem | None:
    """List lifecycle events

     Lifecycle events of the caller's account, oldest first: connections created,
    updated, reconnected, deleted, shared or unshared, needing a reconnect,
    recovered, failing their test or a refresh; automations paused; rate-limit
    overrides changed. Events are written in the same transaction as the change and
    kept for `SWITCHBOARD_EVENT_RETENTION_DAYS` (30). `next_cursor` is set whenever
    a page has events: keep it and ask again later for newer ones. With
    `order=desc` the newest come first (the last few events of a connection) and
    `next_cursor` pages back in time until a page is not full.

    API keys need the scope `connections:read`.

    Args:
        type_ (EventType | None | Unset):
        connection_id (None | Unset | UUID):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        order (EventOrder | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
    """

    return sync_detailed(
        client=client,
        type_=type_,
        connection_id=connection_id,
        limit=limit,
        cursor=cursor,
        order=order,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: EventType | None | Unset = UNSET,
    connection_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    order: EventOrder | None | Unset = UNSET,
) -> Response[EventPage | Problem]:
    """List lifecycle events

     Lifecycle events of the caller's account, oldest first: connections created,
    updated, reconnected, deleted, shared or unshared, needing a reconnect,
    recovered, failing their test or a refresh; automations paused; rate-limit
    overrides changed. Events are written in the same transaction as the change and
    kept for `SWITCHBOARD_EVENT_RETENTION_DAYS` (30). `next_cursor` is set whenever
    a page has events: keep it and ask again later for newer ones. With
    `order=desc` the newest come first (the last few events of a connection) and
    `next_cursor` pages back in time until a page is not full.

    API keys need the scope `connections:read`.

    Args:
        type_ (EventType | None | Unset):
        connection_id (None | Unset | UUID):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        order (EventOrder | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
    """

    kwargs = _get_kwargs(
        type_=type_,
        connection_id=connection_id,
        limit=limit,
        cursor=cursor,
        order=order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: EventType | None | Unset = UNSET,
    connection_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    order: EventOrder | None | Unset = UNSET,
) -> EventPage | Problem | None:
    """List lifecycle events

     Lifecycle events of the caller's account, oldest first: connections created,
    updated, reconnected, deleted, shared or unshared, needing a reconnect,
    recovered, failing their test or a refresh; automations paused; rate-limit
    overrides changed. Events are written in the same transaction as the change and
    kept for `SWITCHBOARD_EVENT_RETENTION_DAYS` (30). `next_cursor` is set whenever
    a page has events: keep it and ask again later for newer ones. With
    `order=desc` the newest come first (the last few events of a connection) and
    `next_cursor` pages back in time until a page is not full.

    API keys need the scope `connections:read`.

    Args:
        type_ (EventType | None | Unset):
        connection_id (None | Unset | UUID):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        order (EventOrder | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            connection_id=connection_id,
            limit=limit,
            cursor=cursor,
            order=order,
        )
    ).parsed
