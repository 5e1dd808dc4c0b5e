from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.data_key_rotation import DataKeyRotation
from ...models.problem import Problem
from ...models.rotate_data_keys_request import RotateDataKeysRequest
from ...types import Response


def _get_kwargs(
    *,
    body: RotateDataKeysRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/system/keys/rotate-data",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DataKeyRotation | Problem:
    if response.status_code == 202:
        response_202 = DataKeyRotation.from_dict(response.json())

        return response_202

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
) -> Response[DataKeyRotation | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RotateDataKeysRequest,
) -> Response[DataKeyRotation | Problem]:
    """Rotate data keys

     Rotates the data key of one account (`account_id`) or of every account: a new
    key version seals every write from now on, and the servers re-encrypt the rows
    sealed before in the background (reads and writes go on), then delete the older
    versions. Follow the sweeps in `GET /api/v1/system/keys` (system administrators).
    The same as `switchboard keys rotate-data`.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (RotateDataKeysRequest): `POST /api/v1/system/keys/rotate-data`: one account, or
            every account when
            `account_id` is left out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataKeyRotation | Problem]
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
    body: RotateDataKeysRequest,
) -> DataKeyRotation | Problem | None:
    """Rotate data keys

     Rotates the data key of one account (`account_id`) or of every account: a new
    key version seals every write from now on, and the servers re-encrypt the rows
    sealed before in the background (reads and writes go on), then delete the older
    versions. Follow the sweeps in `GET /api/v1/system/keys` (system administrators).
    The same as `switchboard keys rotate-data`.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (RotateDataKeysRequest): `POST /api/v1/system/keys/rotate-data`: one account, or
            every account when
            `account_id` is left out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataKeyRotation | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RotateDataKeysRequest,
) -> Response[DataKeyRotation | Problem]:
    """Rotate data keys

     Rotates the data key of one account (`account_id`) or of every account: a new
    key version seals every write from now on, and the servers re-encrypt the rows
    sealed before in the background (reads and writes go on), then delete the older
    versions. Follow the sweeps in `GET /api/v1/system/keys` (system administrators).
    The same as `switchboard keys rotate-data`.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (RotateDataKeysRequest): `POST /api/v1/system/keys/rotate-data`: one account, or
            every account when
            `account_id` is left out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataKeyRotation | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RotateDataKeysRequest,
) -> DataKeyRotation | Problem | None:
    """Rotate data keys

     Rotates the data key of one account (`account_id`) or of every account: a new
    key version seals every write from now on, and the servers re-encrypt the rows
    sealed before in the background (reads and writes go on), then delete the older
    versions. Follow the sweeps in `GET /api/v1/system/keys` (system administrators).
    The same as `switchboard keys rotate-data`.

    Needs a signed-in user's access token; API keys are refused.

    Args:
        body (RotateDataKeysRequest): `POST /api/v1/system/keys/rotate-data`: one account, or
            every account when
            `account_id` is left out.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataKeyRotation | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
