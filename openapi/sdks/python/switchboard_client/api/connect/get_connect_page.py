from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.connect_page import ConnectPage
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/connect/page",
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConnectPage | Problem:
    if response.status_code == 200:
        response_200 = ConnectPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

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
) -> Response[ConnectPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ConnectPage | Problem]:
    """What the connect page shows

     The hosted page: the platform's name, the end user, and the apps offered
    (whether each is the account's first of its app). A used session answers
    with `status: used` and its connection; an expired one is 410.

    Called by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token;
    counted per token and per client address.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectPage | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ConnectPage | Problem | None:
    """What the connect page shows

     The hosted page: the platform's name, the end user, and the apps offered
    (whether each is the account's first of its app). A used session answers
    with `status: used` and its connection; an expired one is 410.

    Called by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token;
    counted per token and per client address.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectPage | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ConnectPage | Problem]:
    """What the connect page shows

     The hosted page: the platform's name, the end user, and the apps offered
    (whether each is the account's first of its app). A used session answers
    with `status: used` and its connection; an expired one is 410.

    Called by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token;
    counted per token and per client address.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectPage | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ConnectPage | Problem | None:
    """What the connect page shows

     The hosted page: the platform's name, the end user, and the apps offered
    (whether each is the account's first of its app). A used session answers
    with `status: used` and its connection; an expired one is 410.

    Called by the hosted connect page with the connect session's token (`sbc_…`) as the bearer token;
    counted per token and per client address.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
