from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.connect_done import ConnectDone
from ...models.connect_fields_request import ConnectFieldsRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: ConnectFieldsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/connect/page/connections",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConnectDone | Problem:
    if response.status_code == 201:
        response_201 = ConnectDone.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

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
) -> Response[ConnectDone | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ConnectFieldsRequest,
) -> Response[ConnectDone | Problem]:
    """Connect a key-based app on the connect page

     Connect a key-based app with the end user's values (its test request runs
    first), or reconnect the session's connection. Uses the session up.

    Called by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token;
    counted per token and per client address.

    Args:
        body (ConnectFieldsRequest): `POST /api/v1/connect/page/connections`: the end user's
            values for a key-based app.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectDone | Problem]
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
    body: ConnectFieldsRequest,
) -> ConnectDone | Problem | None:
    """Connect a key-based app on the connect page

     Connect a key-based app with the end user's values (its test request runs
    first), or reconnect the session's connection. Uses the session up.

    Called by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token;
    counted per token and per client address.

    Args:
        body (ConnectFieldsRequest): `POST /api/v1/connect/page/connections`: the end user's
            values for a key-based app.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectDone | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ConnectFieldsRequest,
) -> Response[ConnectDone | Problem]:
    """Connect a key-based app on the connect page

     Connect a key-based app with the end user's values (its test request runs
    first), or reconnect the session's connection. Uses the session up.

    Called by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token;
    counted per token and per client address.

    Args:
        body (ConnectFieldsRequest): `POST /api/v1/connect/page/connections`: the end user's
            values for a key-based app.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectDone | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ConnectFieldsRequest,
) -> ConnectDone | Problem | None:
    """Connect a key-based app on the connect page

     Connect a key-based app with the end user's values (its test request runs
    first), or reconnect the session's connection. Uses the session up.

    Called by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token;
    counted per token and per client address.

    Args:
        body (ConnectFieldsRequest): `POST /api/v1/connect/page/connections`: the end user's
            values for a key-based app.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectDone | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
