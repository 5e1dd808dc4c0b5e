from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ...client import AuthenticatedClient, Client
from ...models.deleted_account import DeletedAccount
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
        "url": "/api/v1/accounts/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeletedAccount | Problem:
    if response.status_code == 200:
        response_200 = DeletedAccount.from_dict(response.json())

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
) -> Response[DeletedAccount | Problem]:
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
) -> Response[DeletedAccount | Problem]:
    """Delete an account

     Delete an account with its child accounts, users, API keys, connections and
    automations, and destroy its data keys (so copies of its encrypted credentials
    can never be opened again; backups taken before keep them, see docs/backup.md).
    System administrators, or the parent account's administrators. An account that
    is not empty answers 409 `account_not_empty` with the counts unless `?force=true`.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        id (UUID):
        force (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedAccount | Problem]
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
) -> DeletedAccount | Problem | None:
    """Delete an account

     Delete an account with its child accounts, users, API keys, connections and
    automations, and destroy its data keys (so copies of its encrypted credentials
    can never be opened again; backups taken before keep them, see docs/backup.md).
    System administrators, or the parent account's administrators. An account that
    is not empty answers 409 `account_not_empty` with the counts unless `?force=true`.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        id (UUID):
        force (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedAccount | Problem
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
) -> Response[DeletedAccount | Problem]:
    """Delete an account

     Delete an account with its child accounts, users, API keys, connections and
    automations, and destroy its data keys (so copies of its encrypted credentials
    can never be opened again; backups taken before keep them, see docs/backup.md).
    System administrators, or the parent account's administrators. An account that
    is not empty answers 409 `account_not_empty` with the counts unless `?force=true`.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        id (UUID):
        force (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedAccount | Problem]
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
) -> DeletedAccount | Problem | None:
    """Delete an account

     Delete an account with its child accounts, users, API keys, connections and
    automations, and destroy its data keys (so copies of its encrypted credentials
    can never be opened again; backups taken before keep them, see docs/backup.md).
    System administrators, or the parent account's administrators. An account that
    is not empty answers 409 `account_not_empty` with the counts unless `?force=true`.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        id (UUID):
        force (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedAccount | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            force=force,
        )
    ).parsed
