from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.deleted_connection import DeletedConnection
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    force: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["force"] = force

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/connections/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeletedConnection | Problem:
    if response.status_code == 200:
        response_200 = DeletedConnection.from_dict(response.json())

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
) -> Response[DeletedConnection | Problem]:
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
    force: bool | Unset = UNSET,
) -> Response[DeletedConnection | Problem]:
    """Delete a connection

     Delete a connection and its ciphertext.

    Active automations using it (in this or child accounts) make this a 409
    `connection_in_use` listing them; with `?force=true` they are paused with a reason
    naming the connection, in the same transaction, and returned.

    API keys need the scope `connections:write`.

    Args:
        id (UUID):
        force (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedConnection | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        force=force,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    force: bool | Unset = UNSET,
) -> DeletedConnection | Problem | None:
    """Delete a connection

     Delete a connection and its ciphertext.

    Active automations using it (in this or child accounts) make this a 409
    `connection_in_use` listing them; with `?force=true` they are paused with a reason
    naming the connection, in the same transaction, and returned.

    API keys need the scope `connections:write`.

    Args:
        id (UUID):
        force (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedConnection | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        force=force,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    force: bool | Unset = UNSET,
) -> Response[DeletedConnection | Problem]:
    """Delete a connection

     Delete a connection and its ciphertext.

    Active automations using it (in this or child accounts) make this a 409
    `connection_in_use` listing them; with `?force=true` they are paused with a reason
    naming the connection, in the same transaction, and returned.

    API keys need the scope `connections:write`.

    Args:
        id (UUID):
        force (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedConnection | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        force=force,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    force: bool | Unset = UNSET,
) -> DeletedConnection | Problem | None:
    """Delete a connection

     Delete a connection and its ciphertext.

    Active automations using it (in this or child accounts) make this a 409
    `connection_in_use` listing them; with `?force=true` they are paused with a reason
    naming the connection, in the same transaction, and returned.

    API keys need the scope `connections:write`.

    Args:
        id (UUID):
        force (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedConnection | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            force=force,
        )
    ).parsed
