from http import HTTPStatus
from io import BytesIO
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.export_connections_request import ExportConnectionsRequest
from ...models.problem import Problem
from ...types import File, Response


def _get_kwargs(
    *,
    body: ExportConnectionsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/connections/export",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> File | Problem:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ExportConnectionsRequest,
) -> Response[File | Problem]:
    """Export connections to an encrypted file

     Export the account's connections (with their decrypted credentials), its
    automations and the custom apps they use to a file encrypted with
    `passphrase` in the age format (scrypt), which `switchboard import`, this
    API's import and the standard `age` tool open. Account administrators, with
    their password again (`current_password`); audited.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (ExportConnectionsRequest): `POST /api/v1/connections/export`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
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
    body: ExportConnectionsRequest,
) -> File | Problem | None:
    """Export connections to an encrypted file

     Export the account's connections (with their decrypted credentials), its
    automations and the custom apps they use to a file encrypted with
    `passphrase` in the age format (scrypt), which `switchboard import`, this
    API's import and the standard `age` tool open. Account administrators, with
    their password again (`current_password`); audited.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (ExportConnectionsRequest): `POST /api/v1/connections/export`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ExportConnectionsRequest,
) -> Response[File | Problem]:
    """Export connections to an encrypted file

     Export the account's connections (with their decrypted credentials), its
    automations and the custom apps they use to a file encrypted with
    `passphrase` in the age format (scrypt), which `switchboard import`, this
    API's import and the standard `age` tool open. Account administrators, with
    their password again (`current_password`); audited.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (ExportConnectionsRequest): `POST /api/v1/connections/export`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ExportConnectionsRequest,
) -> File | Problem | None:
    """Export connections to an encrypted file

     Export the account's connections (with their decrypted credentials), its
    automations and the custom apps they use to a file encrypted with
    `passphrase` in the age format (scrypt), which `switchboard import`, this
    API's import and the standard `age` tool open. Account administrators, with
    their password again (`current_password`); audited.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (ExportConnectionsRequest): `POST /api/v1/connections/export`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
