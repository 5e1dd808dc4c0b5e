from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.connect_session_created import ConnectSessionCreated
from ...models.create_connect_session_request import CreateConnectSessionRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: CreateConnectSessionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/connect/sessions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConnectSessionCreated | Problem:
    if response.status_code == 201:
        response_201 = ConnectSessionCreated.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
) -> Response[ConnectSessionCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateConnectSessionRequest,
) -> Response[ConnectSessionCreated | Problem]:
    """Create a connect session

     Create a connect session for one of your end users: send them to
    `connect_url`, where they connect one account of an allowed app without a
    Switchboard login. The token is single use, expires after `ttl_seconds`, and
    is shown only in this answer. The connection gets the session's `tags` (and
    `end_user_id`), `metadata` and `end_user`.

    API keys need the scope `connect:write`.

    Args:
        body (CreateConnectSessionRequest): `POST /api/v1/connect/sessions`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectSessionCreated | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateConnectSessionRequest,
) -> ConnectSessionCreated | Problem | None:
    """Create a connect session

     Create a connect session for one of your end users: send them to
    `connect_url`, where they connect one account of an allowed app without a
    Switchboard login. The token is single use, expires after `ttl_seconds`, and
    is shown only in this answer. The connection gets the session's `tags` (and
    `end_user_id`), `metadata` and `end_user`.

    API keys need the scope `connect:write`.

    Args:
        body (CreateConnectSessionRequest): `POST /api/v1/connect/sessions`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectSessionCreated | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateConnectSessionRequest,
) -> Response[ConnectSessionCreated | Problem]:
    """Create a connect session

     Create a connect session for one of your end users: send them to
    `connect_url`, where they connect one account of an allowed app without a
    Switchboard login. The token is single use, expires after `ttl_seconds`, and
    is shown only in this answer. The connection gets the session's `tags` (and
    `end_user_id`), `metadata` and `end_user`.

    API keys need the scope `connect:write`.

    Args:
        body (CreateConnectSessionRequest): `POST /api/v1/connect/sessions`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectSessionCreated | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateConnectSessionRequest,
) -> ConnectSessionCreated | Problem | None:
    """Create a connect session

     Create a connect session for one of your end users: send them to
    `connect_url`, where they connect one account of an allowed app without a
    Switchboard login. The token is single use, expires after `ttl_seconds`, and
    is shown only in this answer. The connection gets the session's `tags` (and
    `end_user_id`), `metadata` and `end_user`.

    API keys need the scope `connect:write`.

    Args:
        body (CreateConnectSessionRequest): `POST /api/v1/connect/sessions`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectSessionCreated | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
