from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.key_status import KeyStatus
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/system/keys",
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> KeyStatus | Problem:
    if response.status_code == 200:
        response_200 = KeyStatus.from_dict(response.json())

        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[KeyStatus | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[KeyStatus | Problem]:
    """Key status

     Which master key wraps the data keys (the current one, previous ones still
    configured, and how many each wraps) and which data-key versions seal the
    stored rows: what an operator checks before removing an old master key
    (system administrators). The same document as `switchboard keys status --json`.

    Needs a signed-in user's access token; API keys are refused.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KeyStatus | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> KeyStatus | Problem | None:
    """Key status

     Which master key wraps the data keys (the current one, previous ones still
    configured, and how many each wraps) and which data-key versions seal the
    stored rows: what an operator checks before removing an old master key
    (system administrators). The same document as `switchboard keys status --json`.

    Needs a signed-in user's access token; API keys are refused.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KeyStatus | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[KeyStatus | Problem]:
    """Key status

     Which master key wraps the data keys (the current one, previous ones still
    configured, and how many each wraps) and which data-key versions seal the
    stored rows: what an operator checks before removing an old master key
    (system administrators). The same document as `switchboard keys status --json`.

    Needs a signed-in user's access token; API keys are refused.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KeyStatus | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> KeyStatus | Problem | None:
    """Key status

     Which master key wraps the data keys (the current one, previous ones still
    configured, and how many each wraps) and which data-key versions seal the
    stored rows: what an operator checks before removing an old master key
    (system administrators). The same document as `switchboard keys status --json`.

    Needs a signed-in user's access token; API keys are refused.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KeyStatus | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
