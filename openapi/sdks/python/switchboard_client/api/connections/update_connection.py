from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.connection import Connection
from ...models.problem import Problem
from ...models.update_connection_request import UpdateConnectionRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: UpdateConnectionRequest,
    force: bool | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    params: dict[str, Any] = {}

    params["force"] = force

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/connections/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Connection | Problem:
    if response.status_code == 200:
        response_200 = Connection.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
) -> Response[Connection | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateConnectionRequest,
    force: bool | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[Connection | Problem]:
    """Update a connection

     Rename a connection, edit its notes, or share it with child accounts (account
    administrators). Send `If-Match` with the ETag; 412 when stale. Un-sharing while
    other accounts' active automations use it answers 409 `connection_in_use` unless
    `?force=true`, which pauses them and removes their links.

    API keys need the scope `connections:write`.

    Args:
        id (UUID):
        force (bool | Unset):
        if_match (str | Unset):
        body (UpdateConnectionRequest): `PATCH /api/v1/connections/{id}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Connection | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        force=force,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateConnectionRequest,
    force: bool | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Connection | Problem | None:
    """Update a connection

     Rename a connection, edit its notes, or share it with child accounts (account
    administrators). Send `If-Match` with the ETag; 412 when stale. Un-sharing while
    other accounts' active automations use it answers 409 `connection_in_use` unless
    `?force=true`, which pauses them and removes their links.

    API keys need the scope `connections:write`.

    Args:
        id (UUID):
        force (bool | Unset):
        if_match (str | Unset):
        body (UpdateConnectionRequest): `PATCH /api/v1/connections/{id}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Connection | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        force=force,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateConnectionRequest,
    force: bool | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[Connection | Problem]:
    """Update a connection

     Rename a connection, edit its notes, or share it with child accounts (account
    administrators). Send `If-Match` with the ETag; 412 when stale. Un-sharing while
    other accounts' active automations use it answers 409 `connection_in_use` unless
    `?force=true`, which pauses them and removes their links.

    API keys need the scope `connections:write`.

    Args:
        id (UUID):
        force (bool | Unset):
        if_match (str | Unset):
        body (UpdateConnectionRequest): `PATCH /api/v1/connections/{id}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Connection | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        force=force,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateConnectionRequest,
    force: bool | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Connection | Problem | None:
    """Update a connection

     Rename a connection, edit its notes, or share it with child accounts (account
    administrators). Send `If-Match` with the ETag; 412 when stale. Un-sharing while
    other accounts' active automations use it answers 409 `connection_in_use` unless
    `?force=true`, which pauses them and removes their links.

    API keys need the scope `connections:write`.

    Args:
        id (UUID):
        force (bool | Unset):
        if_match (str | Unset):
        body (UpdateConnectionRequest): `PATCH /api/v1/connections/{id}`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Connection | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            force=force,
            if_match=if_match,
        )
    ).parsed
