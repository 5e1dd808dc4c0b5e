from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.connection_page import ConnectionPage
from ...models.connection_scope import ConnectionScope
from ...models.connection_status import ConnectionStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    app: str | Unset = UNSET,
    status: ConnectionStatus | Unset = UNSET,
    scope: ConnectionScope | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params["app"] = app

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope

    params["limit"] = limit

    params["cursor"] = cursor

    json_tag: list[str] | Unset = UNSET
    if not isinstance(tag, Unset):
        json_tag = tag

    params["tag"] = json_tag

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/connections",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConnectionPage | Problem:
    if response.status_code == 200:
        response_200 = ConnectionPage.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConnectionPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    app: str | Unset = UNSET,
    status: ConnectionStatus | Unset = UNSET,
    scope: ConnectionScope | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
) -> Response[ConnectionPage | Problem]:
    """List connections

     List the account's connections, searched and filtered, cursor-paginated.

    `q` ranks connections of apps whose name or slug starts with it first, then
    apps containing it, then connections whose name or identity contains it.

    `tag=key:value` (repeated) keeps the connections that have every one of the
    given tags, e.g. `?tag=end_user_id:42&tag=team:sales`.

    API keys need the scope `connections:read`.

    Args:
        q (str | Unset):
        app (str | Unset):
        status (ConnectionStatus | Unset): Whether a connection works, as far as Switchboard
            knows. `error`: a test or token
            refresh failed (calls are still made); `needs_reconnect`: the provider ended the
            authorization (calls are refused until a reconnect).
        scope (ConnectionScope | Unset): Whose connections a list shows.
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        tag (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionPage | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        app=app,
        status=status,
        scope=scope,
        limit=limit,
        cursor=cursor,
        tag=tag,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    app: str | Unset = UNSET,
    status: ConnectionStatus | Unset = UNSET,
    scope: ConnectionScope | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
) -> ConnectionPage | Problem | None:
    """List connections

     List the account's connections, searched and filtered, cursor-paginated.

    `q` ranks connections of apps whose name or slug starts with it first, then
    apps containing it, then connections whose name or identity contains it.

    `tag=key:value` (repeated) keeps the connections that have every one of the
    given tags, e.g. `?tag=end_user_id:42&tag=team:sales`.

    API keys need the scope `connections:read`.

    Args:
        q (str | Unset):
        app (str | Unset):
        status (ConnectionStatus | Unset): Whether a connection works, as far as Switchboard
            knows. `error`: a test or token
            refresh failed (calls are still made); `needs_reconnect`: the provider ended the
            authorization (calls are refused until a reconnect).
        scope (ConnectionScope | Unset): Whose connections a list shows.
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        tag (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionPage | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        app=app,
        status=status,
        scope=scope,
        limit=limit,
        cursor=cursor,
        tag=tag,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    app: str | Unset = UNSET,
    status: ConnectionStatus | Unset = UNSET,
    scope: ConnectionScope | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
) -> Response[ConnectionPage | Problem]:
    """List connections

     List the account's connections, searched and filtered, cursor-paginated.

    `q` ranks connections of apps whose name or slug starts with it first, then
    apps containing it, then connections whose name or identity contains it.

    `tag=key:value` (repeated) keeps the connections that have every one of the
    given tags, e.g. `?tag=end_user_id:42&tag=team:sales`.

    API keys need the scope `connections:read`.

    Args:
        q (str | Unset):
        app (str | Unset):
        status (ConnectionStatus | Unset): Whether a connection works, as far as Switchboard
            knows. `error`: a test or token
            refresh failed (calls are still made); `needs_reconnect`: the provider ended the
            authorization (calls are refused until a reconnect).
        scope (ConnectionScope | Unset): Whose connections a list shows.
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        tag (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionPage | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        app=app,
        status=status,
        scope=scope,
        limit=limit,
        cursor=cursor,
        tag=tag,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    app: str | Unset = UNSET,
    status: ConnectionStatus | Unset = UNSET,
    scope: ConnectionScope | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
) -> ConnectionPage | Problem | None:
    """List connections

     List the account's connections, searched and filtered, cursor-paginated.

    `q` ranks connections of apps whose name or slug starts with it first, then
    apps containing it, then connections whose name or identity contains it.

    `tag=key:value` (repeated) keeps the connections that have every one of the
    given tags, e.g. `?tag=end_user_id:42&tag=team:sales`.

    API keys need the scope `connections:read`.

    Args:
        q (str | Unset):
        app (str | Unset):
        status (ConnectionStatus | Unset): Whether a connection works, as far as Switchboard
            knows. `error`: a test or token
            refresh failed (calls are still made); `needs_reconnect`: the provider ended the
            authorization (calls are refused until a reconnect).
        scope (ConnectionScope | Unset): Whose connections a list shows.
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):
        tag (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            app=app,
            status=status,
            scope=scope,
            limit=limit,
            cursor=cursor,
            tag=tag,
        )
    ).parsed
